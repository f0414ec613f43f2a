# In a .npy directory, a bias that --keys names but that is not there
# (--keys W1,nob,W2,-,W3,- without nob.npy) was taken for "no bias" in
# silence; an archive refuses the same (no tensor named "nob"). A name given
# is a file to read: exit 3, one line naming it. Same for two layers.
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
npy "$WORK/m/W1.npy" '(2, 2)' 1,0,0,1
npy "$WORK/m/W2.npy" '(2, 2)' 1,1,1,-1
npy "$WORK/m/W3.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/m" --keys W1,nob,W2,-,W3,-
stderr_has "nob"
expect 3 analyze "$WORK/m" --keys W1,nob,W2,-
stderr_has "nob"
# Control: '-' says absent.
expect 0 analyze "$WORK/m" --keys W1,-,W2,-,W3,-
exit 0
