# flow's proven floor must be a floor of the loss the flow trains on, whose
# targets are binary64: the CSV targets 1e16, 10000000000000001, 1e16 (x = -1,
# 0, 1) are all 1e16 in binary64, so a constant fits them exactly, yet the
# floor was taken on the decimal targets (1/9) while the same run reached loss 0.
source "$ADVERSARIAL/lib.sh"
printf 'x,y\n-1,10000000000000000\n0,10000000000000001\n1,10000000000000000\n' > "$WORK/d.csv"
# Both output weights locked positive (c_k = -10), every neuron off on the data, b2 = 1e16.
printf '{"W1": [[1], [-1]], "b1": [-5, -5], "W2": [[6, 6]], "b2": [10000000000000000], "activation": "relu"}' > "$WORK/init.json"
expect 0 flow --init "$WORK/init.json" --data "$WORK/d.csv" --target y --t-max 10 --json
# The run reaches loss 0 at t = 0, so no positive floor can hold for it.
stdout_has '"final_loss": 0'
grep -q '"loss_floor": null' "$OUT" || fail "a floor above the loss reached: $(grep -o '"loss_floor": [^,]*' "$OUT")"
expect 0 flow --init "$WORK/init.json" --data "$WORK/d.csv" --target y --t-max 10
grep -q 'DISAGREES' "$OUT" && fail "a proven floor above the loss the run reached: $(grep 'proven floor' "$OUT" | cut -c1-80)"
exit 0
