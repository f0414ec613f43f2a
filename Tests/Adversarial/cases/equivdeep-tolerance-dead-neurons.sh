# equiv --tolerance with dead neurons (input weights and bias 0) below the last
# hidden layer: they are paired by their outgoing columns once layer 2 is aligned.
# Swapped and rescaled by 2 and 1/3: equivalent at distance 0, α = 2, 1/3; a
# negated column: not equivalent, named in hidden layer 1. A dead neuron against a
# live one is at distance 1: not equivalent at ε = 0.5 (named in layer 1), and at
# ε = 1.5 the alignment must still answer (distance 1 ≤ ε) without a crash.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[1, 2, 3], [4, -1, 5]], "W3": [[1, -2]]}' > "$WORK/a.json"
printf '{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[6, 0.5, 3], [-3, 2, 5]], "W3": [[1, -2]]}' > "$WORK/b.json"
printf '{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[-6, 0.5, 3], [3, 2, 5]], "W3": [[1, -2]]}' > "$WORK/negated.json"
printf '{"W1": [[1, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[1, 2, 3], [4, -1, 5]], "W3": [[1, -2]]}' > "$WORK/live.json"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 1e-12 --json --exit-status
stdout_has '"permutation": [1, 0, 2]'
stdout_has '"alpha": [2.0, 0.3333333333333333, 1.0]'
stdout_has '"max_relative_distance": 0.0'
expect 0 equiv "$WORK/a.json" "$WORK/negated.json" --tolerance 1e-6 --json
stdout_has '"equivalent": false'
stdout_has '"layer": 1'
expect 0 equiv "$WORK/a.json" "$WORK/live.json" --tolerance 0.5 --json
stdout_has '"equivalent": false'
stdout_has '"mismatch": {"layer": 1, "unmatched_neuron": '
expect 0 equiv "$WORK/a.json" "$WORK/live.json" --tolerance 1.5 --json
stdout_has '"equivalent": true'
exit 0
