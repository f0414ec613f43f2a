# trace over a checkpoint series: a series whose depth changes, a missing
# checkpoint, and --svg naming one of the checkpoints are refused (exit 3, 3,
# 2) without writing anything; step_10 comes after step_9 (natural order),
# and a sign that changes is reported at the checkpoint where it changed.
source "$ADVERSARIAL/lib.sh"
for step in 0 1 2 9 10; do
    w=$([ "$step" -ge 9 ] && echo 0.5 || echo -1)
    printf '{"W1": [[0.5, 0], [0, 0.5]], "W2": [[0.25, 0], [0, 0.25]], "W3": [[%s, -1]]}\n' "$w" > "$WORK/step_$step.json"
done
printf '{"W1": [[1, 0]], "W2": [[1]]}\n' > "$WORK/shallow.json"
expect 3 trace "$WORK/step_0.json" "$WORK/step_1.json" "$WORK/shallow.json" --keep-order
stderr_has "shallow.json"
expect 3 trace "$WORK/step_0.json" "$WORK/missing.json"
stderr_has "missing.json"
before=$(cksum < "$WORK/step_1.json")
run trace "$WORK/step_0.json" "$WORK/step_1.json" --svg "$WORK/step_1.json"
[ "$STATUS" -eq 2 ] || fail "--svg onto a checkpoint: exit $STATUS, expected 2"
[ "$(cksum < "$WORK/step_1.json")" = "$before" ] || fail "the checkpoint was replaced"
expect 0 trace "$WORK"/step_*.json --json
order=$(tr -d ' \n' < "$OUT" | grep -o '"path":"[^"]*"' | sed 's/.*step_//; s/.json"//' | paste -sd, -)
[ "$order" = "0,1,2,9,10" ] || fail "order $order, expected 0,1,2,9,10"
tr -d ' \n' < "$OUT" | grep -q '"index":\[0,0\],"sign":-1,"certificate":\[\[2,0\]\],"side":"out","first_change":3,' \
    || fail "W3[0, 0] should first change at checkpoint 3 (step_9): $(tr -d ' \n' < "$OUT" | grep -o '"locked_at_start":.*' | head -c 300)"
exit 0
