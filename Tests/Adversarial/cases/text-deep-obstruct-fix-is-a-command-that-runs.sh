# obstruct --data on a deep init that is obstructed printed "Fix: `relutopo
# repair INIT -o FIXED` rescales each neuron …", but repair refuses networks
# with more than one hidden layer (exit 3). The advice must be one that works:
# if the text names repair, repair must accept the init.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[1, 1], [1, -1]], "W3": [[-3, -3]]}\n' > "$WORK/deep.json"
printf 'x1,x2,y\n1,0,2\n0,1,-1\n1,1,4\n' > "$WORK/d.csv"
expect 0 obstruct --init "$WORK/deep.json" --data "$WORK/d.csv" --target y
stdout_has "verdict: obstructed"
if grep -q "relutopo repair" "$OUT"; then
    run repair "$WORK/deep.json" -o "$WORK/fixed.json"
    [ "$STATUS" -eq 0 ] || fail "obstruct advises \`relutopo repair\`, which exits $STATUS: $(cat "$ERR")"
fi
exit 0
