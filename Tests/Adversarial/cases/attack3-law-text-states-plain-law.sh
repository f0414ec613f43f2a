# Under a training-setup flag the text reports print "law: c = ‖a‖²/η_h −
# ‖o‖²/η_{h+1}" and then, two lines below, the plain law "training conserves
# c = ‖input‖² − ‖output‖²" (deep analyze), "c_k = ‖a_k‖² − ‖v_k‖²" (one hidden
# layer) or "c = ‖input weights‖² − ‖output weights‖²" (trace), above a column
# of c that the plain law does not give (1 → 1 → 1 → 1 with weights 1 and
# --lr-scales 1,4,16: c = 3/4, 3/16; the plain law gives 0, 0). Expected: the
# text never states the plain law when another one is in force.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1]], "W2": [[1]], "W3": [[1]]}\n' > "$WORK/step_0.json"
printf '{"W1": [[1]], "W2": [[-1]], "W3": [[1]]}\n' > "$WORK/step_1.json"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/m.json"
expect 0 analyze "$WORK/step_0.json" --lr-scales 1,4,16
stdout_has "3/16"
grep -qF 'conserves c = ‖input‖² − ‖output‖²' "$OUT" && fail "deep analyze under --lr-scales states the plain law"
expect 0 analyze "$WORK/m.json" --node-scales 1,0.5
grep -qF 'conserves c_k = ‖a_k‖² − ‖v_k‖²' "$OUT" && fail "analyze under --node-scales states the plain law"
expect 0 trace "$WORK/step_0.json" "$WORK/step_1.json" --lr-scales 1,4,16
grep -qF 'c = ‖input weights‖² − ‖output weights‖² per hidden neuron' "$OUT" && fail "trace under --lr-scales states the plain law"
exit 0
