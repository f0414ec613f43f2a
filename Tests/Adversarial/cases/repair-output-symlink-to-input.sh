# -o through a symbolic link to the input (its directory, or the file) is the
# input: without --in-place it is refused and nothing changes.
source "$ADVERSARIAL/lib.sh"
mkdir -p "$WORK/m"
cp "$ADVERSARIAL/fixtures/pathological_bias/"*.npy "$WORK/m/"
ln -s m "$WORK/link"
model_json "$WORK/a.json"
ln -s a.json "$WORK/alias.json"
ln "$WORK/a.json" "$WORK/hard.json"
snapshot "$WORK" > "$WORK/.snap"
expect 2 repair "$WORK/m" -o "$WORK/link" --force
stderr_has "in-place"
expect 2 repair "$WORK/m" -o "$WORK/link/" --force
expect 2 repair "$WORK/m" -o "$WORK/./m/../m" --force
expect 2 repair "$WORK/a.json" -o "$WORK/alias.json" --force
expect 2 repair "$WORK/a.json" -o "$WORK/hard.json" --force
unchanged "$WORK" "$WORK/.snap"
# With --in-place through the link, the tensors are replaced and the link stays a link.
expect 0 repair "$WORK/m" -o "$WORK/link" --in-place
[ -L "$WORK/link" ] || fail "the link was replaced"
exit 0
