# The chain of an archive (net.0.weight → net.2.weight → net.4.weight) passed
# over a layer's own bias of the wrong shape in silence: net.2.bias of length 3
# for 2 neurons read as "b2 = -" (wrong c, wrong locks), and an output bias
# net.4.bias of shape (2,) or a scalar was dropped, so obstruct --data "proved"
# MSE ≥ 10/3 for "a model with no output bias". Expected: exit 3 naming the bias
# (as the two-layer reader does); a scalar output bias is either refused or read
# (then the verdict is unknown, as with --keys naming it), never obstructed.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,0,2\n0,1,-1\n1,1,4\n' > "$WORK/d.csv"
layers="net.0.weight:2,2:1,0,0,1 net.2.weight:2,2:1,1,1,-1 net.4.weight:1,2:-3,-3"
# shellcheck disable=SC2086
st "$WORK/hidden.safetensors" $layers net.2.bias:3:1,1,1
expect 3 analyze "$WORK/hidden.safetensors"
stderr_has "net.2.bias"
# shellcheck disable=SC2086
st "$WORK/out2.safetensors" $layers net.4.bias:2:5,5
expect 3 obstruct --init "$WORK/out2.safetensors" --data "$WORK/d.csv" --target y
stderr_has "net.4.bias"
# shellcheck disable=SC2086
st "$WORK/scalar.safetensors" $layers net.4.bias::5
expect 0 obstruct --init "$WORK/scalar.safetensors" --data "$WORK/d.csv" --target y --keys net.0.weight,-,net.2.weight,-,net.4.weight,net.4.bias
stdout_has "verdict: unknown"
run obstruct --init "$WORK/scalar.safetensors" --data "$WORK/d.csv" --target y
case $STATUS in
    0) grep -q "verdict: obstructed" "$OUT" && fail "a floor proven for a model whose output bias was dropped"; stdout_has "verdict: unknown" ;;
    3) expect 3 obstruct --init "$WORK/scalar.safetensors" --data "$WORK/d.csv" --target y; stderr_has "net.4.bias" ;;
    *) fail "obstruct: exit $STATUS" ;;
esac
# Control: without the bias tensors the chain reads and the floor holds.
# shellcheck disable=SC2086
st "$WORK/plain.safetensors" $layers
expect 0 obstruct --init "$WORK/plain.safetensors" --data "$WORK/d.csv" --target y
stdout_has "verdict: obstructed"
exit 0
