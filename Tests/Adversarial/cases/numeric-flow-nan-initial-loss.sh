# An init whose loss is already ∞/NaN in binary64 (weights 1e200 and 1e308): no
# method may integrate NaN for 5 million evaluations and call it "undecided";
# every method reports `invalid` at once, with the reason.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1e200, 1e200], [1, 0]], "W2": [[1e200, 1]]}' > "$WORK/init.json"
printf '{"W1": [[1, 1]], "W2": [[1]]}' > "$WORK/teacher.json"
for method in dopri5 bdf adams gd; do
    timeout -s KILL 20 "$RELUTOPO" flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method $method --json >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
    [ "$STATUS" -eq 0 ] || fail "$method: exit $STATUS (124 = timed out)"
    stdout_has '"verdict": "invalid"'
    stdout_has 'at the initial point'
done
exit 0
