# A --data CSV on a pipe (/dev/stdin fed by a pipe) is read to its end, like a
# file; the closed stdin (/dev/null) has no rows and is never called an
# "empty file"; exit 3, one line naming the path, no hang.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
expect 3 obstruct --init "$WORK/m.json" --data /dev/stdin --target y
stderr_has "/dev/stdin"
stderr_has "no rows"
grep -q "empty file" "$ERR" && fail "/dev/stdin called an empty file"
printf 'x1,x2,y\n1,2,3\n' | timeout -s KILL 60 "$RELUTOPO" obstruct --init "$WORK/m.json" --data /dev/stdin --target y >"$OUT" 2>"$ERR"
STATUS=$?
[ "$STATUS" -eq 0 ] || fail "piped /dev/stdin: exit $STATUS, expected 0"
exit 0
