# 60 000 neurons with c = 0 exactly (a = (1, 0), v = 1; m = 2, e = 1): the
# dynamical reading has the factor P(S¹)·P(S⁰) + 1 = 3 + 2t per neuron, so
# (3 + 2t)^60000 would hold 60 001 numbers of up to ~38 000 digits. Neither
# reading is expanded by default; both stay fast and small.
source "$ADVERSARIAL/lib.sh"
{
    printf '{"W1": ['; yes '[1, 0]' | head -n 60000 | paste -sd, -
    printf '], "W2": [['; yes '1' | head -n 60000 | paste -sd, -
    printf ']]}\n'
} > "$WORK/cone.json"
ulimit -v 2000000
timeout -s KILL 20 "$RELUTOPO" analyze "$WORK/cone.json" --json >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "exit $STATUS (124 = timed out)"
stdout_has '"betti_nonzero": null'
stdout_has '"dynamical": "(3 + 2t)^60000"'
timeout -s KILL 20 "$RELUTOPO" analyze "$WORK/cone.json" --verbose >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "text: exit $STATUS (124 = timed out)"
stdout_has "not expanded"
exit 0
