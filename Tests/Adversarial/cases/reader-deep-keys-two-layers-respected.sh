# An explicit two-layer --keys on an archive that also holds W1, W2, W3 was
# ignored: `analyze --keys W2,-,W3,-` analysed W1 → W2 → W3. Named tensors are
# what is read (as in a .npy directory): the two-layer model W2 → W3.
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
st "$WORK/deep.safetensors" W1:2,3:1,0,0,0,1,0 W2:2,2:1,1,1,-1 W3:1,2:-3,-3
expect 0 analyze "$WORK/deep.safetensors" --keys W2,-,W3,-
grep -q "hidden layers" "$OUT" && fail "--keys W2,-,W3,- was ignored: $(grep -m1 network "$OUT")"
stdout_has "d = 2 inputs, l = 2 hidden neurons, e = 1 output"
expect 0 obstruct --init "$WORK/deep.safetensors" --keys W2,-,W3,- --teacher "$WORK/deep.safetensors"
exit 0
