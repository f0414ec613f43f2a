# --node-scales FILE.npy is documented as a 1-D array (one λ per neuron of the
# last hidden layer). A (2, 1) column is refused (exit 3 naming the file), but
# the same two values as a (1, 2) row, as a (1, 1, 2) array, and a 0-d scalar
# for a one-neuron layer were all accepted silently. Expected: every array that
# is not 1-D is refused alike: exit 3, one line naming the file and its shape.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/m.json"
printf '{"W1": [[1, 0]], "W2": [[1.5]]}\n' > "$WORK/one.json"
npy "$WORK/column.npy" '(2, 1)' 1,2
npy "$WORK/row.npy" '(1, 2)' 1,2
npy "$WORK/cube.npy" '(1, 1, 2)' 1,2
npy "$WORK/scalar.npy" '()' 2
expect 3 analyze "$WORK/m.json" --node-scales "$WORK/column.npy"
stderr_has "column.npy"
for f in row cube; do
    expect 3 analyze "$WORK/m.json" --node-scales "$WORK/$f.npy"
    stderr_has "$f.npy"
done
expect 3 analyze "$WORK/one.json" --node-scales "$WORK/scalar.npy"
stderr_has "scalar.npy"
exit 0
