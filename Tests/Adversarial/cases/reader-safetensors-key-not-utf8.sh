# A .safetensors tensor name that is not UTF-8 (a raw 0xFF byte) or is a lone
# surrogate escape (\ud800) is refused with exit 3 naming the file, not
# silently renamed with U+FFFD.
source "$ADVERSARIAL/lib.sh"
u64le() { local i; for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(( ($1 >> (8 * i)) & 255 )))"; done; }
safetensors() {   # safetensors FILE HEADER(printf format): the header, then 8 zero bytes of data
    printf "$2" > "$WORK/.header"
    { u64le "$(wc -c < "$WORK/.header")"; cat "$WORK/.header"; printf '\x00\x00\x00\x00\x00\x00\x00\x00'; } > "$1"
}
rest='": {"dtype": "F32", "shape": [1, 1], "data_offsets": [0, 4]}, "W2": {"dtype": "F32", "shape": [1, 1], "data_offsets": [4, 8]}}'
safetensors "$WORK/raw.safetensors" '{"W\xff1'"$rest"
expect 3 analyze "$WORK/raw.safetensors" --keys 'W1,-,W2,-'
stderr_has "$WORK/raw.safetensors"
stderr_has "invalid UTF-8"
safetensors "$WORK/surrogate.safetensors" '{"W\\ud8001'"$rest"
grep -qF '{"W\ud8001"' "$WORK/surrogate.safetensors" || fail "surrogate escape not written"
expect 3 analyze "$WORK/surrogate.safetensors"
stderr_has "$WORK/surrogate.safetensors"
stderr_has "lone surrogate"
# Control: the same file with a plain name reads.
safetensors "$WORK/ok.safetensors" '{"W1'"$rest"
expect 0 analyze "$WORK/ok.safetensors"
exit 0
