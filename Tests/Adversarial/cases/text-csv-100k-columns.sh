# A data CSV with 100 000 columns (few rows) took 34 s: every column was found
# by a scan of the header. Now linear: obstruct and flow read it (with a model
# of d = 99 999) well within 20 s, and refuse it for a model of d = 2.
source "$ADVERSARIAL/lib.sh"
{ printf 'x%d,' $(seq 1 99999); echo y
  for r in 1 2 3; do printf '1,%.0s' $(seq 1 99999); echo 0; done; } > "$WORK/wide.csv"
{ printf '{"W1": [['; printf '0.001,%.0s' $(seq 1 99998); printf '0.001]], "W2": [[1]]}'; } > "$WORK/wide.json"
model_json "$WORK/m.json"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" obstruct --init "$WORK/wide.json" --data "$WORK/wide.csv" --target y --json >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 0 ] || fail "obstruct: exit $STATUS, expected 0 within 20 s"
stdout_has '"verdict"'
STATUS=0; timeout -s KILL 20 "$RELUTOPO" flow --init "$WORK/wide.json" --data "$WORK/wide.csv" --target y --t-max 0.01 --json >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 0 ] || fail "flow: exit $STATUS, expected 0 within 20 s"
stdout_has '"final_loss"'
expect 3 flow --init "$WORK/m.json" --data "$WORK/wide.csv" --target y
stderr_has "wide.csv: 99999 feature columns"
stderr_has "has d = 2 inputs"
exit 0
