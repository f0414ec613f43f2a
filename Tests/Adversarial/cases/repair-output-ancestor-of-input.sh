# -o naming an ancestor of the input (with --force) is refused; the input
# and its siblings survive.
source "$ADVERSARIAL/lib.sh"
mkdir -p "$WORK/runs/m" "$WORK/runs/other"
cp "$ADVERSARIAL/fixtures/pathological_bias/"*.npy "$WORK/runs/m/"
echo keep > "$WORK/runs/other/notes.txt"
snapshot "$WORK" > "$WORK/.snap"
expect 2 repair "$WORK/runs/m" -o "$WORK/runs" --force
stderr_has "holds the input"
unchanged "$WORK" "$WORK/.snap"
expect 2 repair "$WORK/runs/m" -o "$WORK" --force
unchanged "$WORK" "$WORK/.snap"
expect 2 repair "$WORK/runs/m" -o "$WORK/runs/m/.." --force
unchanged "$WORK" "$WORK/.snap"
exit 0
