# `sweep merge`: a part with a row deleted, and parts whose spec was edited
# (hidden: [0], outside the limits of `sweep --spec`). Both refused with exit 3
# naming a file.
source "$ADVERSARIAL/lib.sh"
for i in 1 2; do
    expect 0 sweep --scheme kaiming_normal,xavier_normal --inputs 2 --hidden 2,3 --samples 10 --shard $i/2 --json --quiet
    cp "$OUT" "$WORK/part$i.json"
done
# Drop the last row of part 2 (rows are objects of one key per line, "cell" first).
python3 - "$WORK/part2.json" "$WORK/short.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["rows"].pop()
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
expect 3 sweep merge "$WORK/part1.json" "$WORK/short.json"
stderr_has "lacks its row"
sed 's/"hidden": \[2, 3\]/"hidden": [0]/' "$WORK/part1.json" > "$WORK/spec1.json"
sed 's/"hidden": \[2, 3\]/"hidden": [0]/' "$WORK/part2.json" > "$WORK/spec2.json"
cmp -s "$WORK/part1.json" "$WORK/spec1.json" && fail "the spec edit changed nothing"
expect 3 sweep merge "$WORK/spec1.json" "$WORK/spec2.json"
stderr_has "spec1.json"
stderr_has "hidden"
exit 0
