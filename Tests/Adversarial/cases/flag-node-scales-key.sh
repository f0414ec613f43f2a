# --node-scales KEY reads the tensor KEY stored with the model (here lam.npy
# in a model directory): the same c as the list; a missing key, a negative
# scale and a 2-D tensor name the file, tensor (and index) with exit 3; a
# JSON model holds no tensors (exit 3); a key with a path in it is refused.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/m"
npy "$WORK/m/W1.npy" '(2, 2)' 1,0,0,2
npy "$WORK/m/W2.npy" '(1, 2)' 3,2
npy "$WORK/m/lam.npy" '(2,)' 1,2
npy "$WORK/m/neg.npy" '(2,)' 1,-2
npy "$WORK/m/flat.npy" '(1, 2)' 1,2
expect 0 analyze "$WORK/m" --node-scales lam --json
tr -d ' \n' < "$OUT" | grep -o '"c":"[^"]*"' > "$WORK/key.txt"
expect 0 analyze "$WORK/m" --node-scales 1,2 --json
tr -d ' \n' < "$OUT" | grep -o '"c":"[^"]*"' > "$WORK/list.txt"
cmp -s "$WORK/key.txt" "$WORK/list.txt" || fail "key and list give different c"
grep -qF '"c":"-8"' "$WORK/key.txt" || fail "c of neuron 0 is not 1 − 3²/1² = −8"
expect 3 analyze "$WORK/m" --node-scales nope
stderr_has "nope"
expect 3 analyze "$WORK/m" --node-scales neg
stderr_has "index [1]"
expect 3 analyze "$WORK/m" --node-scales flat
stderr_has "flat"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/m.json"
expect 3 analyze "$WORK/m.json" --node-scales lam
stderr_has "m.json"
run analyze "$WORK/m" --node-scales ../m/lam
[ "$STATUS" -ne 0 ] || fail "a key with a path was accepted"
