# `equiv --tolerance` on models that differ only in the output bias (b2 = 1 and
# b2 = 1000): G does not act on β, so they are not equivalent; the reported
# distance is the biases' relative distance |1 − 1000| / 1000 = 0.999.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1, -1]], "b2": [1]}' > "$WORK/a.json"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1, -1]], "b2": [1000]}' > "$WORK/b.json"
run equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-6 --exit-status
[ "$STATUS" -eq 1 ] || fail "exit $STATUS with --exit-status, expected 1 (not equivalent)"
stdout_has "output biases"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-6 --json
stdout_has '"equivalent": false'
stdout_has '"output_bias_relative_distance": 0.999'
exit 0
