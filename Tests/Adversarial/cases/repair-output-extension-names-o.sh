# An -o whose extension does not fit the model's format is a usage error naming
# -o (never the staging file), and nothing is written.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/a.json"
cp "$FIXTURES/archives/savez.npz" "$WORK/m.npz"
cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/dir"
snapshot "$WORK" > "$WORK/.snap"
expect 2 repair "$WORK/m.npz" -o "$WORK/o.json"
stderr_has "-o $WORK/o.json"
grep -q "/\.relutopo-" "$ERR" && fail "the message names a staging file"
expect 2 repair "$WORK/m.npz" -o "$WORK/o.safetensors"
expect 2 repair "$WORK/a.json" -o "$WORK/o.txt"
expect 2 repair "$WORK/dir" -o "$WORK/o.npz"
unchanged "$WORK" "$WORK/.snap"
expect 0 repair "$WORK/m.npz" -o "$WORK/o.NPZ"
exit 0
