# obstruct with a deep init and a teacher of another input dimension (or more
# outputs) must refuse with exit 3 naming the teacher file, not evaluate the
# teacher on inputs of the wrong length (an index trap) or compare f with a
# vector of outputs.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0.5, 0], [0, 0.5]], "W2": [[0.25, 0], [0, 0.25]], "W3": [[-1, -1]]}\n' > "$WORK/student.json"
printf '{"W1": [[1, 1, 1]], "W2": [[1]]}\n' > "$WORK/three.json"
expect 3 obstruct --init "$WORK/student.json" --teacher "$WORK/three.json"
stderr_has "three.json"
printf '{"W1": [[1, 1]], "W2": [[1], [2]]}\n' > "$WORK/two-out.json"
expect 3 obstruct --init "$WORK/student.json" --teacher "$WORK/two-out.json"
stderr_has "two-out.json"
# The same student against relu(x1 + x2): obstructed (exit 1 with --exit-status).
printf '{"W1": [[1, 1]], "W2": [[1]]}\n' > "$WORK/teacher.json"
run obstruct --init "$WORK/student.json" --teacher "$WORK/teacher.json" --exit-status
[ "$STATUS" -eq 1 ] || fail "exit $STATUS, expected 1 (obstructed)"
stdout_has "verdict: obstructed"
exit 0
