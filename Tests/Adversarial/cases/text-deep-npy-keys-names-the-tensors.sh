# A .npy directory read with --keys A,-,B,-,C,- (files A.npy, B.npy, C.npy):
# the text named the locked weights "W3[0, 0]" and "W3[0, 1]" (no W3.npy
# exists; --json says "C"), printed no "tensors:" line, and --json gave
# "keys": null. Expected: the text names C, as --json does, and --json lists
# the keys that were read.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/m"
npy "$WORK/m/A.npy" '(2, 2)' 1,0,0,1
npy "$WORK/m/B.npy" '(2, 2)' 1,0,0,1
npy "$WORK/m/C.npy" '(1, 2)' 5,5
expect 0 analyze "$WORK/m" --keys A,-,B,-,C,-
stdout_has "C[0, 0] stays positive"
grep -q "W3\[" "$OUT" && fail "the text names W3, a tensor the directory does not hold: $(grep -m1 'W3\[' "$OUT")"
expect 0 analyze "$WORK/m" --keys A,-,B,-,C,- --json
tr -d ' \n' < "$OUT" | grep -q '"keys":\["A","-","B","-","C","-"\]' || fail "--json keys: $(tr -d ' \n' < "$OUT" | grep -o '"keys":[^]]*]\?')"
exit 0
