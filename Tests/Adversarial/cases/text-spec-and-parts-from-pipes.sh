# A sweep spec or a merge part given as a pipe is read to its end (it was
# "cannot read the file"); a spec over 1 MiB or /dev/zero is refused at once.
source "$ADVERSARIAL/lib.sh"
spec='{"scheme": "kaiming_normal", "inputs": "2", "hidden": "2", "samples": 10, "seed": 1}'
echo "$spec" > "$WORK/spec.json"
expect 0 sweep --spec "$WORK/spec.json" --json
cp "$OUT" "$WORK/from-file.json"
expect 0 sweep --spec <(echo "$spec") --json
cmp -s "$OUT" "$WORK/from-file.json" || fail "a piped spec gave another result"
expect 0 sweep merge <(cat "$WORK/from-file.json") --json
cmp -s "$OUT" "$WORK/from-file.json" || fail "a piped part merged to another result"
expect 3 sweep --spec /dev/zero
stderr_has "NUL byte"
head -c 2000000 /dev/zero | tr '\0' ' ' > "$WORK/big.yaml"
expect 3 sweep --spec "$WORK/big.yaml"
stderr_has "too large for a spec file"
exit 0
