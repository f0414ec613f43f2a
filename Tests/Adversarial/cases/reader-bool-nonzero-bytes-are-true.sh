# Booleans stored as bytes other than 0/1 (2, 255) are True, as NumPy and
# PyTorch read them: W1 = bool [[0, 2], [255, 1]] is [[0, 1], [1, 1]], so with
# W2 = [[1, 1]] the invariants are c = (1 − 1, 2 − 1) = (0, 1); read as byte
# values they would be 4 − 1 = 3 and 65026 − 1 = 65025.
source "$ADVERSARIAL/lib.sh"
npy() {   # npy FILE DESCR SHAPE PAYLOAD(printf format): a version 1.0 .npy
    local header="{'descr': '$2', 'fortran_order': False, 'shape': $3, }"
    while [ $(( (10 + ${#header} + 1) % 64 )) -ne 0 ]; do header+=" "; done
    local n=$(( ${#header} + 1 ))
    { printf '\x93NUMPY\x01\x00'; printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))"
      printf '%s\n' "$header"; printf "$4"; } > "$1"
}
u64le() { local i; for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(( ($1 >> (8 * i)) & 255 )))"; done; }
ONE='\x00\x00\x00\x00\x00\x00\xf0\x3f'   # 1.0 as a little-endian float64
check_c() {
    expect 0 analyze "$1" --json
    tr -d ' \n' < "$OUT" | grep -q '"neurons":\[{"index":0,"c":"0",.*},{"index":1,"c":"1",' || fail "$1: c is not (0, 1): $(head -c 600 "$OUT")"
}
mkdir "$WORK/m"
npy "$WORK/m/W1.npy" '|b1' '(2, 2)' '\x00\x02\xff\x01'
npy "$WORK/m/W2.npy" '<f8' '(1, 2)' "$ONE$ONE"
check_c "$WORK/m"
header='{"W1": {"dtype": "BOOL", "shape": [2, 2], "data_offsets": [0, 4]}, "W2": {"dtype": "F64", "shape": [1, 2], "data_offsets": [4, 20]}}'
{ u64le ${#header}; printf '%s' "$header"; printf '\x00\x02\xff\x01'; printf "$ONE$ONE"; } > "$WORK/m.safetensors"
check_c "$WORK/m.safetensors"
exit 0
