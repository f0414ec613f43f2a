# flow with a deep init (2 → 2 → 2 → 1) and data, a teacher or targets that do
# not fit its widths: a CSV of 3 features, a teacher of 3 inputs, a teacher and
# an init of 2 outputs, BCE labels other than 0/1, a deep .npy directory whose
# middle layer does not chain. Each is bad input: exit 3, one line naming the
# file and (where one is at fault) the tensor; nothing is integrated.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[0.5, 0], [0, 0.5]], "W2": [[0.25, 0], [0, 0.25]], "W3": [[-1, -1]]}' > "$WORK/deep.json"
printf 'a,b,c,y\n1,2,3,4\n' > "$WORK/three.csv"
expect 3 flow --init "$WORK/deep.json" --data "$WORK/three.csv" --target y
stderr_has "$WORK/three.csv"
stderr_has "tensor W1, 2 × 2"
printf '{"W1": [[1, 1, 1]], "W2": [[1]]}' > "$WORK/wide-teacher.json"
expect 3 flow --init "$WORK/deep.json" --teacher "$WORK/wide-teacher.json"
stderr_has "$WORK/wide-teacher.json"
stderr_has "tensor W1"
printf '{"W1": [[1, 1]], "W2": [[1], [2]]}' > "$WORK/two-out-teacher.json"
expect 3 flow --init "$WORK/deep.json" --teacher "$WORK/two-out-teacher.json"
stderr_has "$WORK/two-out-teacher.json"
stderr_has "tensor W2"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[1, 0], [0, 1]], "W3": [[1, 1], [1, -1]]}' > "$WORK/two-out.json"
printf 'x1,x2,y\n1,0,2\n0,1,-1\n' > "$WORK/d.csv"
expect 3 flow --init "$WORK/two-out.json" --data "$WORK/d.csv" --target y
stderr_has "$WORK/two-out.json"
stderr_has "tensor W3"
expect 3 flow --init "$WORK/deep.json" --data "$WORK/d.csv" --target y --loss bce
stderr_has "$WORK/d.csv"
printf '{"W1": [[0.5, 0], [0, 0.5]], "W2": [[0.25, 0, 1], [0, 0.25, 1]], "W3": [[-1, -1]]}' > "$WORK/broken.json"
expect 3 flow --init "$WORK/broken.json" --data "$WORK/d.csv" --target y
stderr_has "$WORK/broken.json"
stderr_has "W2"
exit 0
