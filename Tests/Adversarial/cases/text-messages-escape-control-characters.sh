# Text from a file that reaches a message (a JSON string that is not a number,
# an unknown key) never drives the terminal: control characters are escaped.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [["\\u001b[2J1"]], "W2": [[1]]}\n' > "$WORK/a.json"
expect 3 analyze "$WORK/a.json"
grep -q $'\x1b' "$ERR" && fail "an ESC byte reached stderr"
stderr_has '\u{1b}'
printf '{"W1": [[1]], "W2": [[1]], "\\u001b]0;pwned\\u0007": 1}\n' > "$WORK/b.json"
expect 3 analyze "$WORK/b.json"
grep -q $'\x1b' "$ERR" && fail "an ESC byte reached stderr"
exit 0
