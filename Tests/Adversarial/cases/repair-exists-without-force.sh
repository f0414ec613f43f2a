# An existing OUT is not replaced without --force (file and directory).
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/a.json"
echo precious > "$WORK/out.json"
echo precious > "$WORK/outfile"
mkdir "$WORK/outdir" "$WORK/outdir.json"; echo precious > "$WORK/outdir/W1.npy"
cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/m"
snapshot "$WORK" > "$WORK/.snap"
expect 2 repair "$WORK/a.json" -o "$WORK/out.json"
expect 2 repair "$WORK/m" -o "$WORK/outdir"
unchanged "$WORK" "$WORK/.snap"
# A file where a directory model goes, and a directory where a file goes: refused, nothing lost.
expect 1 repair "$WORK/m" -o "$WORK/outfile" --force
expect 1 repair "$WORK/a.json" -o "$WORK/outdir.json" --force
unchanged "$WORK" "$WORK/.snap"
exit 0
