# The same attack with the numbers written as strings ("1e99999" is a decimal
# model JSON reads exactly): charged to the same budget, refused within 20 s.
source "$ADVERSARIAL/lib.sh"
row=$(printf '"1e99999",%.0s' $(seq 1 9999))'"1e99999"'
printf '{"W1": [[%s], [%s]], "W2": [["1e99999", "1e99999"]]}' "$row" "$row" > "$WORK/m.json"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" analyze "$WORK/m.json" >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 within 20 s"
stderr_has "m.json"
stderr_has "exponent budget exceeded"
exit 0
