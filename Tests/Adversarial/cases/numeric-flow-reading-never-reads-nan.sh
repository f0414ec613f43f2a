# flow's reading of a run never reads a diverged or degenerate one: gd that
# overflows (--lr 1e6) is `invalid` with no loss trend and no reading (the
# trend once said "rising +42.9%" from the last finite points); horizons of
# 1e-300 and 5e-324 give a finite, flat trend, never nan% or a division by 0.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 1]], "W2": [[1]]}' > "$WORK/teacher.json"
printf '{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}' > "$WORK/init.json"
expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method gd --lr 1e6 --t-max 1e9
stdout_has 'verdict: invalid'
grep -q 'loss over the last' "$OUT" && fail "a diverged run has a loss trend"
grep -q '^reading:' "$OUT" && fail "a diverged run has a reading"
expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method gd --lr 1e6 --t-max 1e9 --json
stdout_has '"loss_trend": null'
for horizon in 1e-300 5e-324; do
    for method in dopri5 gd; do
        expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method $method --lr 1e-300 --t-max $horizon
        grep -qi 'nan\|inf' "$OUT" && fail "$method to t = $horizon: $(grep -i 'nan\|inf' "$OUT" | head -1)"
        expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method $method --lr 1e-300 --t-max $horizon --json
        grep -q '"loss_change_last_tenth": \(null\|-\?[0-9]\)' "$OUT" || fail "$method to t = $horizon: loss_change_last_tenth is $(grep loss_change "$OUT")"
    done
done
exit 0
