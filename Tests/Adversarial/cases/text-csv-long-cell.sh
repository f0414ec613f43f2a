# A single cell of 5 000 000 digits (or a 5 MB fraction) is not a data value:
# refused (exit 3) within 20 s, naming line and column.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
{ echo "x1,x2,y"; printf '1,'; head -c 5000000 /dev/zero | tr '\0' '7'; echo ',1'; } > "$WORK/d.csv"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" flow --init "$WORK/m.json" --data "$WORK/d.csv" --target y >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 within 20 s"
stderr_has 'd.csv: line 2, column "x2": a cell of 5000000 characters'
exit 0
