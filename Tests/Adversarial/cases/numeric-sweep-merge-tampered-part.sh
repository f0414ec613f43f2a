# `sweep merge` with a tampered part: a probability of 7.5, a negative sample
# count, a negative standard error. Each is refused (exit 3) naming the file and
# the row; the untouched parts still merge.
source "$ADVERSARIAL/lib.sh"
for i in 1 2; do
    expect 0 sweep --scheme kaiming_normal --inputs 2,3 --hidden 2 --samples 30 --seed 4 --shard $i/2 --json --quiet
    cp "$OUT" "$WORK/part$i.json"
done
expect 0 sweep merge "$WORK/part1.json" "$WORK/part2.json" --json
tamper() {   # tamper SED-EXPRESSION: part2.json with one value changed, as bad.json
    sed "$1" "$WORK/part2.json" > "$WORK/bad.json"
    cmp -s "$WORK/part2.json" "$WORK/bad.json" && fail "sed '$1' changed nothing"
    expect 3 sweep merge "$WORK/part1.json" "$WORK/bad.json" --json
    stderr_has "bad.json"
    stderr_has "rows[0]"
}
tamper 's/"p_pathological_mc": [0-9.e-]*/"p_pathological_mc": 7.5/'
stderr_has "probability"
tamper 's/"samples": 30,/"samples": -30,/'
tamper 's/"p_pathological_se": [0-9.e-]*/"p_pathological_se": -0.01/'
tamper 's/"d": 3,/"d": "3",/'
exit 0
