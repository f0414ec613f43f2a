# A whole hidden layer dead (W1 = 0, b1 = 0): with a bias b2 the next layer's
# neurons are told apart by it and g·A is found exactly (α = 2, 1/3 on the dead
# neurons); without b2 every neuron of layer 2 reads only dead neurons: unknown,
# never "not equivalent". Eight neurons of the last hidden layer that differ only
# in the weight from a dead neuron (8! pairings), reversed with the dead neuron's
# column doubled: found at once; the column negated: not equivalent; in seconds.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0, 0], [0, 0]], "b1": [0, 0], "W2": [[1, 3], [4, 5]], "b2": [1, 2], "W3": [[1, -2]]}' > "$WORK/w1.json"
printf '{"W1": [[0, 0], [0, 0]], "b1": [0, 0], "W2": [[1, 7.5], [1, 18]], "b2": [1, 2], "W3": [[-4, 0.5]]}' > "$WORK/w2.json"
printf '{"W1": [[0, 0], [0, 0]], "b1": [0, 0], "W2": [[1, 3], [4, 5]], "W3": [[1, -2]]}' > "$WORK/w3.json"
printf '{"W1": [[0, 0], [0, 0]], "b1": [0, 0], "W2": [[1, 18], [1, 7.5]], "W3": [[0.5, -4]]}' > "$WORK/w4.json"
expect 0 equiv "$WORK/w1.json" "$WORK/w2.json" --json --exit-status
stdout_has '"alphas": ["2", "1/3"]'
stdout_has '"permutation": [1, 0]'
expect 0 equiv "$WORK/w1.json" "$WORK/w2.json" --tolerance 1e-12 --exit-status
run equiv "$WORK/w3.json" "$WORK/w4.json" --exit-status
[ "$STATUS" -eq 4 ] || fail "every layer-2 neuron fed by dead neurons only: exit $STATUS, expected 4 (unknown)"
run equiv "$WORK/w3.json" "$WORK/w4.json" --tolerance 0.1 --exit-status
[ "$STATUS" -eq 4 ] || fail "the same with --tolerance: exit $STATUS, expected 4 (unknown)"
rows() { local sign=$1 scale=$2 k out=""; for k in 1 2 3 4 5 6 7 8; do out="$out${out:+, }[$((sign * scale * (9 - k))), 1]"; done; echo "$out"; }
ones='[[1, 1, 1, 1, 1, 1, 1, 1]]'
printf '{"W1": [[0, 0], [1, 0]], "W2": [%s], "W3": %s}' "$(for k in 1 2 3 4 5 6 7 8; do printf '%s[%d, 1]' "${sep:-}" "$k"; sep=', '; done)" "$ones" > "$WORK/t1.json"
printf '{"W1": [[0, 0], [1, 0]], "W2": [%s], "W3": %s}' "$(rows 1 2)" "$ones" > "$WORK/t2.json"
printf '{"W1": [[0, 0], [1, 0]], "W2": [%s], "W3": %s}' "$(rows -1 2)" "$ones" > "$WORK/t3.json"
expect 0 equiv "$WORK/t1.json" "$WORK/t2.json" --json --exit-status
stdout_has '"permutation": [7, 6, 5, 4, 3, 2, 1, 0]'
stdout_has '"alphas": ["1/2", "1"]'
run equiv "$WORK/t1.json" "$WORK/t3.json" --exit-status
[ "$STATUS" -eq 1 ] || fail "negated dead column above eight ties: exit $STATUS, expected 1 (not equivalent)"
exit 0
