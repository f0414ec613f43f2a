# Two repairs into the same new .npy directory: exactly one writes it, the
# other exits 1 (both once "succeeded", one result lost). --force into a
# directory holding a b1.npy the model lacks is refused (the result would read
# as another model). --in-place through a link to a file repairs the file and
# keeps the link.
source "$ADVERSARIAL/lib.sh"
cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/m"
cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/m2"
for i in 1 2 3 4 5 6; do
    rm -rf "$WORK/cc"
    "$RELUTOPO" repair "$WORK/m" -o "$WORK/cc" >/dev/null 2>&1 & a=$!
    "$RELUTOPO" repair "$WORK/m2" -o "$WORK/cc" >/dev/null 2>&1 & b=$!
    wait $a; sa=$?; wait $b; sb=$?
    [ $((sa == 0)) -ne $((sb == 0)) ] || [ "$sa" -ne 0 ] || fail "round $i: both runs exited 0"
    [ "$sa" -eq 0 ] || [ "$sb" -eq 0 ] || fail "round $i: neither wrote ($sa, $sb)"
done
mkdir "$WORK/nb" "$WORK/tgt"
printf '{"W1": [[0.1, 0.2], [0.3, 0.1]], "W2": [[3, -4]]}\n' > "$WORK/nb.json"
expect 0 repair "$WORK/m" -o "$WORK/tgt" --force
cp "$WORK/tgt/b1.npy" "$WORK/keep-b1.npy"
rm "$WORK/tgt/W1.npy" "$WORK/tgt/W2.npy" "$WORK/tgt/b2.npy"
cp "$FIXTURES/models/ints/"*.npy "$WORK/nb/"
snapshot "$WORK" > "$WORK/.snap"
expect 1 repair "$WORK/nb" -o "$WORK/tgt" --force
stderr_has "b1.npy"
unchanged "$WORK" "$WORK/.snap"
model_json "$WORK/real.json"; ln -s real.json "$WORK/sl.json"
expect 0 repair "$WORK/sl.json" -o "$WORK/sl.json" --in-place
[ -L "$WORK/sl.json" ] || fail "the link was replaced"
expect 0 analyze "$WORK/real.json" --json
grep -q '"sign": -1' "$OUT" && fail "the link's target was not repaired"
exit 0
