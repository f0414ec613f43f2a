# A 42-byte .npz: a ZIP64 end-of-directory locator whose record offset (0)
# leaves no room for the 56-byte ZIP64 record before it, then an end record
# whose fields all say "see ZIP64". It crashed the ZIP reader (an unchecked
# subtraction); now: exit 3, one line naming the file and the ZIP64 record.
source "$ADVERSARIAL/lib.sh"
cp "$FIXTURES/bad_archives/zip64_locator_before_start.npz" "$WORK/m.npz"
[ "$(wc -c < "$WORK/m.npz")" -eq 42 ] || fail "fixture is not the 42-byte crash input"
expect 3 analyze "$WORK/m.npz"
stderr_has "m.npz"
stderr_has "ZIP64 end-of-directory record out of place"
# The same bytes built here, and with the record offset at 2^64 − 1 and 2^63.
for offset in '\x00\x00\x00\x00\x00\x00\x00\x00' '\xff\xff\xff\xff\xff\xff\xff\xff' '\x00\x00\x00\x00\x00\x00\x00\x80'; do
    { printf 'PK\x06\x07\x00\x00\x00\x00'; printf "$offset"; printf '\x01\x00\x00\x00'
      printf 'PK\x05\x06\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00'; } > "$WORK/z.npz"
    expect 3 analyze "$WORK/z.npz"
    stderr_has "z.npz"
    stderr_has "ZIP64"
done
# Unknown extension: detected as ZIP by content, refused the same way.
cp "$FIXTURES/bad_archives/zip64_locator_before_start.npz" "$WORK/model.bin"
printf 'PK\x03\x04' | dd of="$WORK/model.bin" conv=notrunc status=none
expect 3 analyze "$WORK/model.bin"
stderr_has "model.bin"
exit 0
