# analyze promised "To unlock every neuron without changing the function:
# relutopo repair …" for a model with a neuron a_k = 0, v_k = -1 (c = -1 for
# every rescaling): repair itself then says it cannot repair that neuron.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0, 0], [1, 1]], "b1": [0, 0], "W2": [[-1, -3]], "b2": [0], "activation": "relu"}' > "$WORK/a0.json"
expect 0 repair "$WORK/a0.json" -o "$WORK/fixed.json"
stdout_has 'cannot repair 1 neuron'
expect 0 analyze "$WORK/a0.json"
grep -q 'unlock every neuron' "$OUT" && fail "promises to unlock every neuron: $(grep 'unlock every neuron' "$OUT")"
exit 0
