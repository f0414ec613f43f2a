# A --data CSV that is a pipe (a FIFO, /dev/stdin fed by a pipe) or the closed
# stdin (/dev/null) is refused as "not a regular file", never called an
# "empty file"; exit 3, one line naming the path, no hang.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
mkfifo "$WORK/data.csv"
expect 3 obstruct --init "$WORK/m.json" --data "$WORK/data.csv" --target y
stderr_has "$WORK/data.csv: not a regular file (a FIFO)"
grep -q "empty file" "$ERR" && fail "a FIFO called an empty file"
expect 3 obstruct --init "$WORK/m.json" --data /dev/stdin --target y
stderr_has "/dev/stdin: not a regular file"
grep -q "empty file" "$ERR" && fail "/dev/stdin called an empty file"
printf 'x1,x2,y\n1,2,3\n' | timeout 60 "$RELUTOPO" obstruct --init "$WORK/m.json" --data /dev/stdin --target y >"$OUT" 2>"$ERR"
STATUS=$?
[ "$STATUS" -eq 3 ] || fail "piped /dev/stdin: exit $STATUS, expected 3"
stderr_has "/dev/stdin: not a regular file (a FIFO)"
grep -q "empty file" "$ERR" && fail "a pipe called an empty file"
exit 0
