# Identical models whose weights are 1e200 (‖a‖² overflows binary64): equivalent
# within any tolerance, at distance exactly 0 (was "not equivalent, distance −nan").
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1e200, 0], [0, 3e200]], "W2": [[1e200, -2e200]], "b2": [1e200]}' > "$WORK/a.json"
cp "$WORK/a.json" "$WORK/b.json"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-6 --json
stdout_has '"equivalent": true'
stdout_has '"max_relative_distance": 0.0'
grep -qi nan "$OUT" && fail "NaN in the report"
exit 0
