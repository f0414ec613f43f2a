# analyze's "What this means" counted every output-locked neuron as "c_k < 0"
# and every input-locked one as "c_k > 0": a neuron with c = 0 off the apex
# (locked in the dynamical reading) was said to have c_k < 0 and, with m = 1,
# c_k > 0 as well, in the same paragraph. obstruct --teacher's "What this
# means" said the same of a c = 0 neuron ("1 locked negative (c_k < 0: …"),
# and obstruct --data "every output weight is locked negative (c_k < 0 keeps…".
source "$ADVERSARIAL/lib.sh"
# m = e = 1, a = v = 1: c = 0, both signs locked in the dynamical reading.
printf '{"W1": [[1]], "W2": [[1]], "activation": "relu"}' > "$WORK/cone.json"
expect 0 analyze "$WORK/cone.json"
grep -q 'have c_k < 0' "$OUT" && fail "a c = 0 neuron called c_k < 0: $(grep 'have c_k < 0' "$OUT")"
grep -q 'and c_k > 0' "$OUT" && fail "a c = 0 neuron called c_k > 0: $(grep 'and c_k > 0' "$OUT")"
# One neuron with c < 0, one with c = 0 off the apex, one free, one at the apex.
printf '{"W1": [[1, 0], [0, 0], [1, 1], [0.6, 0.8]], "W2": [[-2, 0, 1, 1]], "activation": {"leaky_relu": 0.1}}' > "$WORK/mix.json"
expect 0 analyze "$WORK/mix.json"
grep -q '2 of 4 neurons have c_k < 0' "$OUT" && fail "one neuron has c < 0: $(grep 'have c_k < 0' "$OUT")"
# m = 2, e = 1, a = (0.6, 0.8), v = -1: c = 0, output locked negative (dynamical reading).
printf '{"W1": [[0.6, 0.8]], "W2": [[-1]], "activation": "relu"}' > "$WORK/c0.json"
printf '{"W1": [[1, 1]], "W2": [[1]], "activation": "relu"}' > "$WORK/teacher.json"
expect 0 obstruct --init "$WORK/c0.json" --teacher "$WORK/teacher.json"
stdout_has 'verdict: obstructed'
grep -q '(c_k < 0' "$OUT" && fail "a c = 0 neuron called c_k < 0: $(grep '(c_k < 0' "$OUT")"
printf 'x1,x2,y\n0,0,0\n1,1,1\n2,2,0\n' > "$WORK/d.csv"
expect 0 obstruct --init "$WORK/c0.json" --data "$WORK/d.csv" --target y
stdout_has 'verdict: obstructed'
grep -q '(c_k < 0' "$OUT" && fail "a c = 0 neuron called c_k < 0: $(grep -o '.\{20\}(c_k < 0.\{30\}' "$OUT")"
exit 0
