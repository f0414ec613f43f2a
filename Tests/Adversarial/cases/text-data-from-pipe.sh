# --data <(cmd) is a pipe: it was read as "empty file". Pipes are read to
# their end: the result equals the file's; an empty pipe says "no rows".
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
printf 'x1,x2,y\n1,0,1\n0,1,-2\n1,1,3\n' > "$WORK/d.csv"
expect 0 obstruct --init "$WORK/m.json" --data "$WORK/d.csv" --target y --json
cp "$OUT" "$WORK/from-file.json"
expect 0 obstruct --init "$WORK/m.json" --data <(cat "$WORK/d.csv") --target y --json
cmp -s "$OUT" "$WORK/from-file.json" || fail "a pipe gave another result than the file"
expect 3 obstruct --init "$WORK/m.json" --data <(printf '') --target y
stderr_has "no rows"
grep -q "empty file" "$ERR" && fail "an empty pipe is reported as an empty file"
mkfifo "$WORK/fifo"
timeout -s KILL 20 cp "$WORK/d.csv" "$WORK/fifo" &   # the writer gives up if nobody reads
expect 0 obstruct --init "$WORK/m.json" --data "$WORK/fifo" --target y --json
cmp -s "$OUT" "$WORK/from-file.json" || fail "a FIFO gave another result than the file"
wait
expect 3 flow --init "$WORK/m.json" --data /dev/zero --target y
stderr_has "/dev/zero: NUL byte at offset 0"
exit 0
