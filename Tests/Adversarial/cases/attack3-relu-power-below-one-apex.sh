# --activation relu^p accepts any p > 0, and the dynamical reading of a c = 0
# neuron ("never reaches its zero point", docs/THEORY.md §3, §13.4) is kept.
# That reading rests on σ' being bounded near 0 (Grönwall); for p < 1 it is
# not. One neuron a = 1, v = 2, x = 1, y = −10 under relu^(1/4): c = a² − v²/4
# = 0, and on the cone v̇ = −r·(v/2)^(1/4) takes v (and a) to 0 at t ≈ 0.25;
# the flow then continues on the branch v < 0 (u̇ = r(√p·u)^p leaves 0) and
# reaches f = −10, loss → 0 (integrated by hand to loss 1e-6 at t ≈ 4.4).
# relutopo said both weights "stay positive" and obstruct said "obstructed:
# MSE ≥ 50". Expected: for p < 1 no c = 0 neuron is locked in the dynamical
# reading and obstruct does not claim the floor — or relu^p with p < 1 is a
# usage error (exit 2) naming --activation.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1]], "W2": [[2]]}\n' > "$WORK/m.json"
printf '{"W1": [[1]], "W2": [[1]], "W3": [[2]]}\n' > "$WORK/deep.json"
printf 'x,y\n1,-10\n' > "$WORK/neg.csv"
run analyze "$WORK/m.json" --activation 'relu^0.25' --json
if [ "$STATUS" -eq 2 ]; then stderr_has "--activation"; exit 0; fi
[ "$STATUS" -eq 0 ] || fail "analyze relu^0.25: exit $STATUS"
grep -q '"locked_dynamical": "\(both\|output\|input\)"' "$OUT" && fail "relu^(1/4): the c = 0 neuron is called locked in the dynamical reading, but it reaches a = v = 0 in finite time"
for init in m deep; do
    run obstruct --init "$WORK/$init.json" --data "$WORK/neg.csv" --target y --activation 'relu^0.25'
    [ "$STATUS" -eq 0 ] || fail "obstruct $init relu^0.25: exit $STATUS"
    grep -q '^verdict: obstructed' "$OUT" && fail "obstruct $init under relu^(1/4): obstructed, but the flow passes the apex and reaches loss 0"
done
exit 0
