# trace follows one network: a checkpoint of other widths is refused (exit 3),
# but one that gains (or loses) a bias tensor was taken as the same network:
# 1 → 1 → 1 → 1 without b1, then with b1 = [3], was read as a run whose c
# drifted by 9 ("relative drift 12") with "every locked sign kept its sign, as
# gradient flow would", although W1 is no longer the only edge into its neuron
# and the two checkpoints do not have the same parameters. Expected: bad input,
# exit 3, one line naming the checkpoint and the bias tensor (b1), either order.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1]], "W2": [[0.5]], "W3": [[0.25]]}\n' > "$WORK/step_0.json"
printf '{"W1": [[1]], "b1": [3], "W2": [[0.5]], "W3": [[0.25]]}\n' > "$WORK/step_1.json"
expect 3 trace "$WORK/step_0.json" "$WORK/step_1.json"
stderr_has "step_1.json"
stderr_has "b1"
expect 3 trace "$WORK/step_1.json" "$WORK/step_0.json" --keep-order
stderr_has "step_0.json"
stderr_has "b1"
exit 0
