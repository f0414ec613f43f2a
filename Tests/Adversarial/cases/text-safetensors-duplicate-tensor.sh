# A safetensors header listing W1 twice (two different payload ranges), or a
# key twice inside __metadata__: the header goes through the same JSON parser
# and is refused (exit 3), naming the file and the key.
source "$ADVERSARIAL/lib.sh"
# le64 N: N (< 65536) as 8 little-endian bytes.
le64() { printf "\\x$(printf %02x $(( $1 & 255 )))\\x$(printf %02x $(( ($1 >> 8) & 255 )))\\x00\\x00\\x00\\x00\\x00\\x00"; }
# build HEADER: m.safetensors with that header and the payload 1.0, 2.0 (float64).
build() {
    { le64 "${#1}"; printf '%s' "$1"
      printf '\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40'
    } > "$WORK/m.safetensors"
}
w1='"W1": {"dtype": "F64", "shape": [1, 1], "data_offsets": [0, 8]}'
w2='"W2": {"dtype": "F64", "shape": [1, 1], "data_offsets": [8, 16]}'
build "{$w1, $w2}"
expect 0 analyze "$WORK/m.safetensors"
build "{$w1, $w2, \"W1\": {\"dtype\": \"F64\", \"shape\": [1, 1], \"data_offsets\": [8, 16]}}"
expect 3 analyze "$WORK/m.safetensors"
stderr_has "m.safetensors"
stderr_has '"W1"'
stderr_has 'twice'
build "{\"__metadata__\": {\"format\": \"pt\", \"format\": \"np\"}, $w1, $w2}"
expect 3 analyze "$WORK/m.safetensors"
stderr_has "m.safetensors"
stderr_has '"format"'
exit 0
