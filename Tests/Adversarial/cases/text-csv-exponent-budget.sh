# A data CSV of 20 000 cells 1e-99999: the exponent budget is per file here
# too, refused (exit 3) within 20 s naming file, line and column.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
{ echo "x1,x2,y"; for i in $(seq 1 10000); do echo "1e-99999,1e-99999,1"; done; } > "$WORK/d.csv"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" obstruct --init "$WORK/m.json" --data "$WORK/d.csv" --target y >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 within 20 s"
stderr_has "d.csv: line 7, column \"x1\""
stderr_has "exponents"
exit 0
