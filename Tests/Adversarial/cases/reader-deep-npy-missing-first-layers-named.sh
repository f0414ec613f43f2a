# A .npy directory with W2.npy and W3.npy but no W1.npy said only "a network
# needs at least two linear layers (one hidden layer), got 0"; with W1.npy and
# W3.npy but no W2.npy, "got 1" (W3.npy passed over). The line must name the
# missing file, as the two-layer reader does ("missing W1.npy").
source "$ADVERSARIAL/lib.sh"
i32le() { local v=$(( $1 & 0xffffffff )) i; for i in 0 1 2 3; do printf "\\x$(printf %02x $(( (v >> (8 * i)) & 255 )))"; done; }
npy() {   # npy FILE SHAPE VALUES: a version 1.0 .npy of int32 (SHAPE "(2, 2)", VALUES "1,0,0,1")
    local header="{'descr': '<i4', 'fortran_order': False, 'shape': $2, }" v
    while [ $(( (10 + ${#header} + 1) % 64 )) -ne 0 ]; do header+=" "; done
    local n=$(( ${#header} + 1 ))
    { printf '\x93NUMPY\x01\x00'; printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))"
      printf '%s\n' "$header"; for v in ${3//,/ }; do i32le "$v"; done; } > "$1"
}
mkdir "$WORK/no1" "$WORK/no2"
npy "$WORK/no1/W2.npy" '(2, 2)' 1,1,1,-1
npy "$WORK/no1/W3.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/no1"
stderr_has "W1"
npy "$WORK/no2/W1.npy" '(2, 2)' 1,0,0,1
npy "$WORK/no2/W3.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/no2"
stderr_has "W2"
exit 0
