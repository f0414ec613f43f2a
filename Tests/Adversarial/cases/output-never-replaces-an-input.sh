# flow --trajectory/--svg and sweep --csv/--svg, sweep merge: an output may
# replace an older output, never an input of the same run (the model, the
# teacher, the data, the spec, a part), whatever the path; two outputs may not
# name one file.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/init.json"
model_json "$WORK/teacher.json"
printf 'x1,x2,y\n1,2,0.5\n3,4,1\n-1,0,0\n' > "$WORK/d.csv"
ln -s init.json "$WORK/alias.json"
mkdir "$WORK/x"
printf '{"scheme": "kaiming_normal", "inputs": "2", "hidden": "2", "samples": 10, "seed": 1}\n' > "$WORK/spec.json"
snapshot "$WORK" > "$WORK/.snap"
flow=(flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --samples 5 --t-max 0.1)
expect 2 "${flow[@]}" --trajectory "$WORK/init.json"
stderr_has "input"
expect 2 "${flow[@]}" --svg "$WORK/teacher.json"
expect 2 "${flow[@]}" --svg "$WORK/alias.json"
expect 2 "${flow[@]}" --svg "$WORK/./x/../init.json"
expect 2 "${flow[@]}" --trajectory "$WORK/t.csv" --svg "$WORK/t.csv"
expect 2 flow --init "$WORK/init.json" --data "$WORK/d.csv" --target y --t-max 0.1 --trajectory "$WORK/d.csv"
expect 2 sweep --spec "$WORK/spec.json" --csv "$WORK/spec.json"
unchanged "$WORK" "$WORK/.snap"
# An older output is replaced (atomically), and nothing else changes.
echo old > "$WORK/t.csv"
expect 0 "${flow[@]}" --trajectory "$WORK/t.csv"
head -1 "$WORK/t.csv" | grep -q '^t,loss' || fail "trajectory not written"
expect 0 sweep --spec "$WORK/spec.json" --json
cp "$OUT" "$WORK/part.json"
expect 2 sweep merge "$WORK/part.json" --csv "$WORK/part.json"
expect 0 sweep merge "$WORK/part.json" --csv "$WORK/merged.csv"
ls -A "$WORK" | grep -q '^\.relutopo-' && fail "staging left: $(ls -A "$WORK")"
exit 0
