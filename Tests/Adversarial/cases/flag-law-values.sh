# The training-setup flags (docs/THEORY.md §14): a count that does not match
# the model's layers names the file (exit 3); a non-positive or non-numeric
# scale, relu^0 and relu^-1 are flag errors (exit 2); a node-scales .npy of
# the wrong shape or with a zero names the file, tensor and index (exit 3);
# flow takes them (a count that does not match names the file) but not relu^p (exit 2); and
# analyze under --lr-scales 1,4 equals analyze of the model with W2 halved.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/m.json"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[0.75, 0.5]]}\n' > "$WORK/half.json"
expect 3 analyze "$WORK/m.json" --lr-scales 1,2,3
stderr_has "m.json"
stderr_has "--lr-scales gives 3"
for bad in "--lr-scales 1,0" "--lr-scales 1,-2" "--multipliers 1,x" "--activation relu^0" "--activation relu^-1"; do
    # shellcheck disable=SC2086
    run analyze "$WORK/m.json" $bad
    [ "$STATUS" -eq 2 ] || fail "$bad: exit $STATUS, expected 2"
done
npy "$WORK/two.npy" '(2, 2)' 1,1,1,1
expect 3 analyze "$WORK/m.json" --node-scales "$WORK/two.npy"
stderr_has "two.npy"
npy "$WORK/zero.npy" '(2,)' 1,0
expect 3 analyze "$WORK/m.json" --node-scales "$WORK/zero.npy"
stderr_has "zero.npy"
expect 0 flow --init "$WORK/m.json" --teacher "$WORK/m.json" --lr-scales 1,4 --t-max 1 --json
tr -d ' \n' < "$OUT" | grep -qF '"lr_scales":["1","4"]' || fail "flow --lr-scales: no law object" 
expect 3 flow --init "$WORK/m.json" --teacher "$WORK/m.json" --lr-scales 1,4,2 --t-max 1
stderr_has "m.json"
run flow --init "$WORK/m.json" --teacher "$WORK/m.json" --activation relu^2
[ "$STATUS" -eq 2 ] || fail "flow --activation relu^2: exit $STATUS, expected 2"
expect 0 analyze "$WORK/m.json" --lr-scales 1,4 --json
tr -d ' \n' < "$OUT" | sed 's/"law":.*//; s/"source":"[^"]*"//' > "$WORK/law.txt"
expect 0 analyze "$WORK/half.json" --json
tr -d ' \n' < "$OUT" | sed 's/"law":.*//; s/"source":"[^"]*"//' > "$WORK/half.txt"
cmp -s "$WORK/law.txt" "$WORK/half.txt" || fail "--lr-scales 1,4 differs from W2 halved: $(diff "$WORK/law.txt" "$WORK/half.txt" | head -c 300)"
# Weight decay (docs/THEORY.md §14.4): equal η_h·λ_h keep every lock (same
# locked coordinates as without decay); unequal ones certify nothing
# (not_applicable, exit 4 with --exit-status), a negative λ is a flag error,
# and repair refuses to aim at a law that does not exist.
expect 0 analyze "$WORK/m.json" --weight-decays 1/10,1/10 --json
stdout_has '"components": {"topological": "2"'
expect 0 analyze "$WORK/m.json" --weight-decays 1/10,1/5
stdout_has "not_applicable"
run obstruct --init "$WORK/m.json" --teacher "$WORK/half.json" --weight-decays 0,1 --exit-status
[ "$STATUS" -eq 4 ] || fail "obstruct under unequal decay: exit $STATUS, expected 4 (not_applicable)"
expect 0 analyze "$WORK/m.json" --lr-scales 1,2 --weight-decays 1,1/2
stdout_has "pieces"
run analyze "$WORK/m.json" --weight-decays 1,-1
[ "$STATUS" -eq 2 ] || fail "negative decay: exit $STATUS, expected 2"
run repair "$WORK/m.json" -o "$WORK/out.json" --weight-decays 0,1
[ "$STATUS" -eq 2 ] || fail "repair under unequal decay: exit $STATUS, expected 2"
[ ! -e "$WORK/out.json" ] || fail "repair wrote a file without a law"
exit 0
