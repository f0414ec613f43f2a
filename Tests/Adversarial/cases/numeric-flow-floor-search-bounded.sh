# flow computes its proven floor (§6.3) before it integrates. With 100 000
# teacher samples (d = 2, --samples allows 10^7) the search took 104 s in a
# debug build (6 s release; 10^6 samples 128 s release) while the run itself
# took 0.3 s: each tried point sorted all n candidates, outside the work budget.
# It must stay within 20 s, the floor still proven.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 1]], "b1": [0], "W2": [[1]], "b2": [0.5], "activation": "relu"}' > "$WORK/teacher.json"
# Both output weights locked negative, with an output bias: f is concave, the teacher convex.
printf '{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]], "b2": [0], "activation": "relu"}' > "$WORK/init.json"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --samples 100000 --t-max 1e-6 >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 0 ] || fail "flow with 100 000 samples: exit $STATUS, expected 0 within 20 s"
stdout_has 'proven floor'
exit 0
