# 20 000 × 1e99999 in a 160 KB model JSON once took 840 MB and half a minute
# (each a 332 000-bit integer). The exponents are now budgeted per file:
# refused (exit 3) in well under 20 s, naming the file and the reason.
source "$ADVERSARIAL/lib.sh"
row=$(printf '1e99999,%.0s' $(seq 1 9999))1e99999
printf '{"W1": [[%s], [%s]], "W2": [[1e99999, 1e99999]]}' "$row" "$row" > "$WORK/m.json"
[ "$(stat -c %s "$WORK/m.json")" -gt 150000 ] || fail "input not built"
STATUS=0; timeout -s KILL 20 "$RELUTOPO" analyze "$WORK/m.json" >"$OUT" 2>"$ERR" </dev/null || STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 within 20 s"
stderr_has "m.json"
stderr_has "exponent budget exceeded"
exit 0
