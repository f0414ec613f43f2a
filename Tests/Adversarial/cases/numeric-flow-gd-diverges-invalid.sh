# `flow --method gd --lr 1e6`: the iterates overflow within a few steps. The run
# must be `invalid` with the reason said, never "undecided, drift max 0" (the
# drift monitor used max(x, NaN) = x and dropped the NaN).
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 1]], "W2": [[1]]}' > "$WORK/teacher.json"
printf '{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}' > "$WORK/init.json"
expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method gd --lr 1e6 --t-max 1e9 --json
stdout_has '"verdict": "invalid"'
stdout_has 'non-finite values'
grep -q '"max_drift": 0.0' "$OUT" && fail "a diverged run reports drift 0"
expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method gd --lr 1e6 --t-max 1e9
stdout_has 'verdict: invalid (non-finite values'
exit 0
