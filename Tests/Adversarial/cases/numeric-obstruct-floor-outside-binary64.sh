# A §6.3 floor whose value lies outside binary64: a gap of 1e-170 gives the
# exact floor 1/(9·10^340), which rounds to 0 in binary64; the answer was
# "unknown: no data point was found to be a convex combination…" printed above
# the very certificate that proves it. A gap of 1e200 gives 10^400/9: the text
# said "at least MSE = inf" and "never bring the MSE loss below inf".
source "$ADVERSARIAL/lib.sh"
# Both output weights locked positive (c_k = -11/4), with an output bias: f is convex.
printf '{"W1": [[1], [-1]], "b1": [0.5, 0.5], "W2": [[2, 2]], "b2": [0], "activation": "relu"}' > "$WORK/init.json"
printf 'x,y\n-1,0\n0,1e-170\n1,0\n' > "$WORK/tiny.csv"
expect 0 obstruct --init "$WORK/init.json" --data "$WORK/tiny.csv" --target y --json
stdout_has '"verdict": "obstructed"'
stdout_has "\"lower_bound\": \"1/9$(printf '0%.0s' $(seq 1 340))\""
expect 0 obstruct --init "$WORK/init.json" --data "$WORK/tiny.csv" --target y
grep -q 'no data point was found' "$OUT" && grep -q 'certificate (checked exactly)' "$OUT" && fail "the text says no group was found and prints one"
printf 'x,y\n-1,0\n0,1e200\n1,0\n' > "$WORK/huge.csv"
expect 0 obstruct --init "$WORK/init.json" --data "$WORK/huge.csv" --target y
stdout_has 'verdict: obstructed'
grep -q '= inf\|below inf' "$OUT" && fail "the floor is called inf: $(grep -o '.\{30\}\(= inf\|below inf\).\{0,10\}' "$OUT" | head -1)"
exit 0
