# One data row of 2 000 000 cells under a 3-column header: refused at once
# (the row is not split past the header's width), exit 3 within 20 s.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
{ echo "x1,x2,y"; head -c 4000000 /dev/zero | tr '\0' '1' | sed 's/1/1,/g'; echo 1; } > "$WORK/d.csv"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" obstruct --init "$WORK/m.json" --data "$WORK/d.csv" --target y >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 within 20 s"
stderr_has "d.csv: line 2 has more than 3 cells, the header (line 1) has 3"
exit 0
