# A duplicate key deeper down (the leaky_relu slope given twice) is refused too.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[2, -3]],\n "activation": {"leaky_relu": 0.1, "leaky_relu": 0.5}}' > "$WORK/m.json"
expect 3 analyze "$WORK/m.json"
stderr_has "m.json"
stderr_has '"leaky_relu"'
stderr_has 'line 2'
exit 0
