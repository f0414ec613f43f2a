# An archive whose chain net.0.weight (2×2) → net.2.weight (2×2) →
# net.4.weight (2×2) ends in a 1-D net.6.weight of length 2 (e = 1 spelled as a
# vector, which model JSON accepts as the last W) was read as three layers with
# e = 2, net.6.weight passed over in silence. Expected: it is read as the last
# layer (3 hidden layers, e = 1), or exit 3 naming it.
source "$ADVERSARIAL/lib.sh"
u64le() { local i; for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(( ($1 >> (8 * i)) & 255 )))"; done; }
i32le() { local v=$(( $1 & 0xffffffff )) i; for i in 0 1 2 3; do printf "\\x$(printf %02x $(( (v >> (8 * i)) & 255 )))"; done; }
st() {   # st FILE NAME:SHAPE:VALUES …: a .safetensors of int32 tensors (SHAPE "2,3", "" for a scalar; VALUES "1,-2,…")
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
st "$WORK/m.safetensors" net.0.weight:2,2:1,0,0,1 net.2.weight:2,2:1,1,1,-1 net.4.weight:2,2:2,0,0,2 net.6.weight:2:-3,-3
run analyze "$WORK/m.safetensors"
case $STATUS in
    0) stdout_has "3 hidden layers" ;;
    3) expect 3 analyze "$WORK/m.safetensors"; stderr_has "net.6.weight" ;;
    *) fail "exit $STATUS" ;;
esac
# Control: the same network in model JSON reads with e = 1.
printf '{"W1": [[1, 0], [0, 1]], "W2": [[1, 1], [1, -1]], "W3": [[2, 0], [0, 2]], "W4": [-3, -3]}\n' > "$WORK/m.json"
expect 0 analyze "$WORK/m.json"
stdout_has "3 hidden layers"
exit 0
