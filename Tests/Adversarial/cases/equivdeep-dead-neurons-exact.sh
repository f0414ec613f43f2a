# Exact equiv with hidden neurons whose input weights and bias are all zero (dead)
# below the last hidden layer: under G their scale only divides their outgoing
# column. Swapped and rescaled (columns (1, 4) → (1/2, 2), (2, −1) → (6, −3)):
# equivalent with α = 2, 1/3; a negated column: not equivalent (1); a dead neuron
# against a live one: not equivalent (1); a neuron fed only by dead neurons
# (coupled scales): unknown (4), never a wrong verdict, yet equivalent to itself (0).
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[1, 2, 3], [4, -1, 5]], "W3": [[1, -2]]}' > "$WORK/a.json"
printf '{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[6, 0.5, 3], [-3, 2, 5]], "W3": [[1, -2]]}' > "$WORK/b.json"
printf '{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[-6, 0.5, 3], [3, 2, 5]], "W3": [[1, -2]]}' > "$WORK/negated.json"
printf '{"W1": [[1, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[1, 2, 3], [4, -1, 5]], "W3": [[1, -2]]}' > "$WORK/live.json"
printf '{"W1": [[0, 0], [1, 2]], "W2": [[1, 0], [1, 3]], "W3": [[1, -2]]}' > "$WORK/coupled.json"
printf '{"W1": [[0, 0], [1, 2]], "W2": [[0.5, 0], [0.5, 3]], "W3": [[1, -2]]}' > "$WORK/coupled2.json"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --json --exit-status
stdout_has '"permutation": [1, 0, 2]'
stdout_has '"alphas": ["2", "1/3", "1"]'
run equiv "$WORK/a.json" "$WORK/negated.json" --exit-status
[ "$STATUS" -eq 1 ] || fail "negated column: exit $STATUS, expected 1 (not equivalent)"
stdout_has "positive multiple"
run equiv "$WORK/a.json" "$WORK/live.json" --exit-status
[ "$STATUS" -eq 1 ] || fail "dead against live: exit $STATUS, expected 1"
run equiv "$WORK/live.json" "$WORK/a.json" --exit-status
[ "$STATUS" -eq 1 ] || fail "live against dead: exit $STATUS, expected 1"
run equiv "$WORK/coupled.json" "$WORK/coupled2.json" --exit-status
[ "$STATUS" -eq 4 ] || fail "coupled scales: exit $STATUS, expected 4 (unknown)"
stdout_has "coupled"
expect 0 equiv "$WORK/coupled.json" "$WORK/coupled.json" --exit-status
exit 0
