# Outputs never replace a device, a FIFO or a symbolic link: a character
# device (a private null device) or a FIFO is written through, a link to a
# file is followed (the link stays a link), a dangling link is refused; repair
# refuses a device as OUT. (It once replaced /dev/null with a regular file.)
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/init.json"
model_json "$WORK/teacher.json"
flow=(flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --samples 5 --t-max 0.1)
if mknod -m 666 "$WORK/null" c 1 3 2>/dev/null; then
    expect 0 "${flow[@]}" --trajectory "$WORK/null" --svg "$WORK/null2" 
    [ -c "$WORK/null" ] || fail "the device was replaced"
    expect 0 sweep --scheme kaiming_normal --inputs 2 --hidden 2 --samples 10 --csv "$WORK/null"
    [ -c "$WORK/null" ] || fail "the device was replaced by sweep --csv"
    expect 2 repair "$WORK/init.json" -o "$WORK/null" --force
    [ -c "$WORK/null" ] || fail "the device was replaced by repair"
else
    echo "skipped: mknod is not allowed here"
fi
echo old > "$WORK/target.csv"; ln -s target.csv "$WORK/link.csv"
expect 0 "${flow[@]}" --trajectory "$WORK/link.csv"
[ -L "$WORK/link.csv" ] || fail "the link was replaced"
head -1 "$WORK/target.csv" | grep -q '^t,loss' || fail "the link's target was not written"
ln -s nowhere.svg "$WORK/dangling.svg"
expect 1 "${flow[@]}" --svg "$WORK/dangling.svg"
stderr_has "dangling"
mkfifo "$WORK/fifo"
expect 1 "${flow[@]}" --svg "$WORK/fifo"
stderr_has "nobody reads"
( timeout -s KILL 20 cat "$WORK/fifo" > "$WORK/from-fifo" ) & reader=$!
sleep 0.3
expect 0 "${flow[@]}" --svg "$WORK/fifo"
wait $reader
grep -q '<svg' "$WORK/from-fifo" || fail "nothing came through the FIFO"
[ -p "$WORK/fifo" ] || fail "the FIFO was replaced"
exit 0
