# Header traps: an unnamed first column (a pandas index written with
# index=True) became a feature; a UTF-8 byte-order mark (Excel) hid the
# first column's name; a terminal escape in a name reached the terminal.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
printf ',x1,y\n0,1,1\n1,0,0\n' > "$WORK/index.csv"
expect 3 obstruct --init "$WORK/m.json" --data "$WORK/index.csv" --target y
stderr_has "index.csv: line 1: column 1 has no name"
printf '\xef\xbb\xbfy,x1,x2\n1,1,0\n-2,0,1\n3,1,1\n' > "$WORK/bom.csv"
expect 0 obstruct --init "$WORK/m.json" --data "$WORK/bom.csv" --target y --json
stdout_has '"verdict"'
printf 'x1,x2,y\n1,0,1\n1,\033[2J,0\n' > "$WORK/esc.csv"
expect 3 obstruct --init "$WORK/m.json" --data "$WORK/esc.csv" --target y
grep -q $'\033' "$ERR" && fail "an escape character reached stderr"
stderr_has '\u{1b}[2J'
exit 0
