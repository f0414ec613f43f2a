# analyze re-checked every lock's certificate against a fresh list of all
# edges: time q·E and ~117 bytes per weight per lock (one lock on
# 2 → 4096 → 4096 → 1 took 2.0 GB instead of 96 MB). The chain 1 → 20000 → 1 → 1
# with W1 = 2, W2 = 1, W3 = 1000 has 20 001 locks (each W1[k, 0]: fan-in 1,
# c = 4 − 1 > 0; W3[0, 0]: c = 20000 − 10^6 < 0) and took over 120 s. It must
# take seconds (docs: linear in the number of neurons): done within 20 s.
source "$ADVERSARIAL/lib.sh"
n=20000
{
    printf '{"W1": ['; yes '[2]' | head -n $n | paste -sd, -
    printf '], "W2": [['; yes '1' | head -n $n | paste -sd, -
    printf ']], "W3": [[1000]]}\n'
} > "$WORK/wide.json"
ulimit -v 2000000
timeout -s KILL 20 "$RELUTOPO" analyze "$WORK/wide.json" >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "text: exit $STATUS (124 or 137 = timed out)"
stdout_has "locked coordinates (their sign can never change along the flow): 20001"
timeout -s KILL 20 "$RELUTOPO" analyze "$WORK/wide.json" --json >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "--json: exit $STATUS (124 or 137 = timed out)"
exit 0
