# A .npy directory read with --keys A,-,B,-,C,- (files A.npy, B.npy, C.npy):
# the text named the locked weights "W3[0, 0]" and "W3[0, 1]" (no W3.npy
# exists; --json says "C"), printed no "tensors:" line, and --json gave
# "keys": null. Expected: the text names C, as --json does, and --json lists
# the keys that were read.
source "$ADVERSARIAL/lib.sh"
i32le() { local v=$(( $1 & 0xffffffff )) i; for i in 0 1 2 3; do printf "\\x$(printf %02x $(( (v >> (8 * i)) & 255 )))"; done; }
npy() {   # npy FILE SHAPE VALUES: a version 1.0 .npy of int32 (SHAPE "(2, 2)", VALUES "1,0,0,1")
    local header="{'descr': '<i4', 'fortran_order': False, 'shape': $2, }" v
    while [ $(( (10 + ${#header} + 1) % 64 )) -ne 0 ]; do header+=" "; done
    local n=$(( ${#header} + 1 ))
    { printf '\x93NUMPY\x01\x00'; printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))"
      printf '%s\n' "$header"; for v in ${3//,/ }; do i32le "$v"; done; } > "$1"
}
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
