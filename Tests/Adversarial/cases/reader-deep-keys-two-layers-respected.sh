# An explicit two-layer --keys on an archive that also holds W1, W2, W3 was
# ignored: `analyze --keys W2,-,W3,-` analysed W1 → W2 → W3. Named tensors are
# what is read (as in a .npy directory): the two-layer model W2 → W3.
source "$ADVERSARIAL/lib.sh"
st "$WORK/deep.safetensors" W1:2,3:1,0,0,0,1,0 W2:2,2:1,1,1,-1 W3:1,2:-3,-3
expect 0 analyze "$WORK/deep.safetensors" --keys W2,-,W3,-
grep -q "hidden layers" "$OUT" && fail "--keys W2,-,W3,- was ignored: $(grep -m1 network "$OUT")"
stdout_has "d = 2 inputs, l = 2 hidden neurons, e = 1 output"
expect 0 obstruct --init "$WORK/deep.safetensors" --keys W2,-,W3,- --teacher "$WORK/deep.safetensors"
exit 0
