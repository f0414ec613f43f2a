# `sweep merge` with a tampered deep row (the lock estimate, the exact E[2^q], a histogram that does not add up, a
# count of c < 0 neurons past samples × width, an unknown key): every deep row is rebuilt from its counts, so each
# edit is refused (exit 3) naming the file and the row; the untouched parts merge to the bytes of one run.
source "$ADVERSARIAL/lib.sh"
args=(sweep --scheme kaiming_normal --widths 2,1,3,1 --widths 3,4,4,1 --samples 40 --seed 4 --json --quiet)
expect 0 "${args[@]}"
cp "$OUT" "$WORK/whole.json"
for i in 1 2; do
    expect 0 "${args[@]}" --shard $i/2
    cp "$OUT" "$WORK/part$i.json"
done
expect 0 sweep merge "$WORK/part1.json" "$WORK/part2.json" --json
cmp -s "$OUT" "$WORK/whole.json" || fail "the merged parts differ from one run"
tamper() {   # tamper SED-EXPRESSION: part2.json (cell 1: widths 3,4,4,1) with one value changed, as bad.json
    sed "$1" "$WORK/part2.json" > "$WORK/bad.json"
    cmp -s "$WORK/part2.json" "$WORK/bad.json" && fail "sed '$1' changed nothing"
    expect 3 sweep merge "$WORK/part1.json" "$WORK/bad.json" --json
    stderr_has "bad.json"
    stderr_has "rows[0] (cell 1)"
}
tamper 's/"p_locked_mc": [0-9.e-]*/"p_locked_mc": 0.5/'
stderr_has "p_locked_mc"
tamper 's/"expected_components_mc_exact": "[0-9/]*"/"expected_components_mc_exact": "3\/2"/'
tamper 's/"negative_mc": [0-9]*/"negative_mc": 161/'
stderr_has "outside 0…160"
tamper '0,/\[0, [0-9]*\]/s//[0, 1]/'
stderr_has "locked_count_histogram_mc"
tamper 's/"zero_invariants_mc": 0/"zero_invariants_mc": 0, "surprise": 1/'
stderr_has "surprise"
exit 0
