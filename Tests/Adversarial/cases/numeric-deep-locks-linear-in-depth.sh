# The chain search walked from every width-1 layer through all the layers
# below or above it: time quadratic in the depth (10 000 layers of [[1]]: 38 s,
# for no lock; 10 s in a release build). 20 000 layers (the last weight 2: one
# lock, c = 1 − 4 < 0) must be done within 30 s (about 13 s of it is linear work
# in a debug build).
source "$ADVERSARIAL/lib.sh"
{ printf '{"layers": ['; yes '{"W": [[1]]}' | head -n 19999 | paste -sd, -; printf ', {"W": [[2]]}]}\n'; } > "$WORK/deep.json"
ulimit -v 2000000
timeout -s KILL 30 "$RELUTOPO" analyze "$WORK/deep.json" --json >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "exit $STATUS (124 or 137 = timed out)"
tr -d ' \n' < "$OUT" | grep -q '"components":{"topological":"2"' || fail "expected 2 components"
exit 0
