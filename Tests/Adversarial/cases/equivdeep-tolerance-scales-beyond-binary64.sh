# equiv --tolerance on 2 → 2 → 2 → 1 where B = g·A with α = 1e400 on hidden neuron
# (1, 0) and 1e-400 on (2, 0): B's weights run from 1e-800 to 1e400 (JSON decimals
# beyond binary64), and the scale carried from layer 1 into layer 2's columns is
# 1e400. Equivalent at ~1e-16, both α written as decimals (valid JSON, no inf,
# NaN or null); the exact mode finds the same g with the exact rationals.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 2], [3, -1]], "W2": [[1, 1], [2, -1]], "W3": [[1, -2]]}' > "$WORK/a.json"
printf '{"W1": [[1e400, 2e400], [3, -1]], "W2": [[1e-800, 1e-400], [2e-400, -1]], "W3": [[1e400, -2]]}' > "$WORK/b.json"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-12 --json --exit-status
stdout_has '"equivalent": true'
stdout_has '"alpha": [1.000000000e400, 1.0]'
stdout_has '"alpha": [1.000000000e-400, 1.0]'
sed '/"law"/,$d' "$OUT" | grep -qiE 'nan|inf|\[null|, null' && fail "NaN, inf or null in the certificate"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --json --exit-status
stdout_has '"equivalent": true'
stdout_has '"alphas": ["1/1000'
exit 0
