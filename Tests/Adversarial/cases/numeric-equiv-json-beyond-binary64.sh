# JSON decimals beyond binary64 (1e400, 3e-400) under --tolerance: A = (a, v) =
# ((1e400, 2e400), 3e-400) is B = ((1, 2), 3) rescaled by α = 1e-400, with the
# same β = 1e400. Equivalent; α is reported as a decimal (valid JSON, not null).
# (The "law" object at the end names the training setup; its nulls mean "not given".)
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1e400, 2e400]], "W2": [[3e-400]], "b2": [1e400]}' > "$WORK/a.json"
printf '{"W1": [[1, 2]], "W2": [[3]], "b2": [1e400]}' > "$WORK/b.json"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-9 --json
stdout_has '"equivalent": true'
stdout_has '"alpha": [1.000000000e-400]'
sed '/"law"/,$d' "$OUT" | grep -qi 'nan\|null' && fail "NaN or null in the certificate"
# Different β (1e400 against 2e400): relative distance |1 − 2|/2 = 0.5.
printf '{"W1": [[1, 2]], "W2": [[3]], "b2": [2e400]}' > "$WORK/c.json"
expect 0 equiv "$WORK/a.json" "$WORK/c.json" --tolerance 1e-9 --json
stdout_has '"equivalent": false'
stdout_has '"output_bias_relative_distance": 0.5'
exit 0
