# A last-hidden-layer neuron at its apex (all its weights 0) stays there under
# gradient flow (docs/THEORY.md §13.4), so its output weight stays 0 and adds
# nothing to f. With one hidden layer obstruct counts it so: W1 = [[1],[0]],
# W2 = [[-2, 0]] against targets 3 and 1 is obstructed, MSE ≥ (9 + 1)/4 = 5/2.
# The same with two hidden layers (1 → 1 → 2 → 1, W3 = [[-2, 0]], the second
# neuron of layer 2 at its apex) answered "unknown: 1 of the 2 output weights
# can still change sign" — false: that weight is 0 for the whole flow.
# Expected: obstructed with the same floor 5/2 (and never that sentence).
source "$ADVERSARIAL/lib.sh"
printf 'x,y\n1,3\n2,1\n' > "$WORK/data.csv"
printf '{"W1": [[1], [0]], "W2": [[-2, 0]]}\n' > "$WORK/shallow.json"
printf '{"W1": [[1]], "W2": [[1], [0]], "W3": [[-2, 0]]}\n' > "$WORK/deep.json"
expect 0 obstruct --init "$WORK/shallow.json" --data "$WORK/data.csv" --target y
stdout_has "verdict: obstructed"
stdout_has "loss lower bound: 5/2"
expect 0 obstruct --init "$WORK/deep.json" --data "$WORK/data.csv" --target y
grep -q 'can still change sign' "$OUT" && fail "deep: $(grep -o '[0-9]* of the [0-9]* output weights can still change sign' "$OUT"), but the apex neuron's output weight stays 0"
stdout_has "verdict: obstructed"
stdout_has "loss lower bound: 5/2"
exit 0
