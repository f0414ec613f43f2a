# A header of 1 000 001 columns: refused (exit 3) before any name is kept,
# within 20 s (names, a lookup table and cell ranges would otherwise grow
# with every comma of a hostile file).
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
{ head -c 1000001 /dev/zero | tr '\0' 'a' | sed 's/a/a,/g'; echo y; echo 1; } > "$WORK/d.csv"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" obstruct --init "$WORK/m.json" --data "$WORK/d.csv" --target y >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 within 20 s"
stderr_has "d.csv: line 1: more than 1000000 columns"
exit 0
