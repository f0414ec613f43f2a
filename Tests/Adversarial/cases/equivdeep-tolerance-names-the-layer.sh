# equiv --tolerance on 2 → 3 → 3 → 3 → 1 (biases) against B = g·A (powers of two)
# with one weight of W2 multiplied by 1 + 1e-7: the largest distance must be named
# in hidden layer 2, layer 1 at distance exactly 0; at ε = 1e-9 not equivalent,
# named in layer 2. The same weight in W4 (output weights) is named in layer 3.
source "$ADVERSARIAL/lib.sh"
A='{"W1": [[1, 2], [3, -1], [-2, 1]], "b1": [1, 0, -1], "W2": [[1, 1, 0.5], [2, -1, 1], [0.25, 3, -2]], "b2": [0, 1, 2], "W3": [[1, -1, 2], [0.5, 2, 1], [3, 1, -1]], "b3": [1, -1, 0], "W4": [[1, -2, 0.5]], "b4": [0.5]}'
printf '%s' "$A" > "$WORK/a.json"
# g: layer 1 scaled by (2, 4, 1), layer 2 by (1, 8, 0.5), layer 3 by (2, 1, 1), no permutation.
printf '{"W1": [[2, 4], [12, -4], [-2, 1]], "b1": [2, 0, -1], "W2": [[0.5, 0.25, 0.5], [8, -2, 8.0000008], [0.0625, 0.375, -1]], "b2": [0, 8, 1], "W3": [[2, -0.25, 8], [0.5, 0.25, 2], [3, 0.125, -2]], "b3": [2, -1, 0], "W4": [[0.5, -2, 0.5]], "b4": [0.5]}' > "$WORK/b.json"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-3 --json
stdout_has '"equivalent": true'
stdout_has '"worst": {"layer": 2'
grep -A4 '"layer": 1,' "$OUT" | grep -q '"max_relative_distance": 0.0' || fail "layer 1 is not at distance 0"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-9 --json
stdout_has '"equivalent": false'
stdout_has '"layer": 2'
printf '{"W1": [[2, 4], [12, -4], [-2, 1]], "b1": [2, 0, -1], "W2": [[0.5, 0.25, 0.5], [8, -2, 8], [0.0625, 0.375, -1]], "b2": [0, 8, 1], "W3": [[2, -0.25, 8], [0.5, 0.25, 2], [3, 0.125, -2]], "b3": [2, -1, 0], "W4": [[0.5, -2.0000002, 0.5]], "b4": [0.5]}' > "$WORK/c.json"
expect 0 equiv "$WORK/a.json" "$WORK/c.json" --tolerance 1e-3 --json
stdout_has '"worst": {"layer": 3'
expect 0 equiv "$WORK/a.json" "$WORK/c.json" --json
stdout_has '"equivalent": false'
exit 0
