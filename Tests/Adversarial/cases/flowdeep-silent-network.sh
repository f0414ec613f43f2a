# A deep init whose whole first hidden layer is silent on every sample (W1 = 0,
# no bias): f ≡ 0 and ∇L = 0. Every method stops at once (`stalled` at t = 0,
# the loss the floor (1/2n)Σy² = 5/3 here), with no division by the zero scale
# of a silent neuron and no NaN; gd likewise.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0, 0], [0, 0]], "W2": [[1, 0], [0, 1]], "W3": [[-1, -1]]}' > "$WORK/silent.json"
printf 'x1,x2,y\n1,0,1\n0,1,3\n1,1,0\n' > "$WORK/d.csv"
for method in dopri5 bdf adams gd; do
    expect 0 flow --init "$WORK/silent.json" --data "$WORK/d.csv" --target y --method "$method" --json
    stdout_has '"verdict": "stalled"'
    stdout_has '"final_loss": 1.6666666666666667'
    grep -qi 'nan' "$OUT" && fail "$method: NaN in the report"
done
exit 0
