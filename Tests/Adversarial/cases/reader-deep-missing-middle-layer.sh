# W1, W2 and W4 without W3 (a .npy directory or a .safetensors) were read as
# the two-layer W1 → W2 with W4 left out in silence, and W1, W2, W3, W5 as three
# layers without W5; model JSON refuses the same gap ("unknown key W4").
# Expected: exit 3, one line naming the file and the missing layer.
source "$ADVERSARIAL/lib.sh"
i32le() { local v=$(( $1 & 0xffffffff )) i; for i in 0 1 2 3; do printf "\\x$(printf %02x $(( (v >> (8 * i)) & 255 )))"; done; }
npy() {   # npy FILE SHAPE VALUES: a version 1.0 .npy of int32 (SHAPE "(2, 2)", VALUES "1,0,0,1")
    local header="{'descr': '<i4', 'fortran_order': False, 'shape': $2, }" v
    while [ $(( (10 + ${#header} + 1) % 64 )) -ne 0 ]; do header+=" "; done
    local n=$(( ${#header} + 1 ))
    { printf '\x93NUMPY\x01\x00'; printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))"
      printf '%s\n' "$header"; for v in ${3//,/ }; do i32le "$v"; done; } > "$1"
}
u64le() { local i; for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(( ($1 >> (8 * i)) & 255 )))"; done; }
st() {   # st FILE NAME:SHAPE:VALUES …: a .safetensors of int32 tensors
    local file=$1 spec name shape values v n off=0 header='{'
    shift; : > "$WORK/.data"
    for spec in "$@"; do
        name=${spec%%:*}; spec=${spec#*:}; shape=${spec%%:*}; values=${spec#*:}; n=0
        for v in ${values//,/ }; do i32le "$v" >> "$WORK/.data"; n=$((n + 1)); done
        header+="\"$name\": {\"dtype\": \"I32\", \"shape\": [$shape], \"data_offsets\": [$off, $((off + 4 * n))]}, "
        off=$((off + 4 * n))
    done
    header="${header%, }}"
    { u64le ${#header}; printf '%s' "$header"; cat "$WORK/.data"; } > "$file"
}
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
