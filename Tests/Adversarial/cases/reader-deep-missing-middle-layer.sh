# W1, W2 and W4 without W3 (a .npy directory or a .safetensors) were read as
# the two-layer W1 → W2 with W4 left out in silence, and W1, W2, W3, W5 as three
# layers without W5; model JSON refuses the same gap ("unknown key W4").
# Expected: exit 3, one line naming the file and the missing layer.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/gap" "$WORK/gap5"
npy "$WORK/gap/W1.npy" '(2, 2)' 1,0,0,1
npy "$WORK/gap/W2.npy" '(2, 2)' 1,1,1,-1
npy "$WORK/gap/W4.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/gap"
stderr_has "$WORK/gap"
stderr_has "W3"
cp "$WORK/gap/W1.npy" "$WORK/gap/W2.npy" "$WORK/gap5/"
npy "$WORK/gap5/W3.npy" '(2, 2)' 1,0,0,1
npy "$WORK/gap5/W5.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/gap5"
stderr_has "W4"
st "$WORK/gap.safetensors" W1:2,2:1,0,0,1 W2:2,2:1,1,1,-1 W4:1,2:-3,-3
expect 3 analyze "$WORK/gap.safetensors"
stderr_has "W3"
# Control: model JSON already refuses it.
printf '{"W1": [[1, 0], [0, 1]], "W2": [[1, 1], [1, -1]], "W4": [[-3, -3]]}\n' > "$WORK/gap.json"
expect 3 analyze "$WORK/gap.json"
stderr_has "W4"
exit 0
