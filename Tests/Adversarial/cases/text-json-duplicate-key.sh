# A model JSON naming W1 twice: Python's json keeps the last, a first-wins
# reader the first. Refused (exit 3), naming the file and the key.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[2, -3]], "W1": [[5, 5], [5, 5]]}' > "$WORK/m.json"
expect 3 analyze "$WORK/m.json"
stderr_has "m.json"
stderr_has 'duplicate key'
stderr_has '"W1"'
exit 0
