# --verbose with --json prints the one JSON document (the kinks' text never
# leaks into it). A teacher's binary64 targets make the exact loss floor a
# fraction of about 70 digits: the text shows it rounded ("exact in --json"),
# never the fraction, and --json keeps it exact.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 1]], "W2": [[1]]}' > "$WORK/teacher.json"
printf '{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}' > "$WORK/init.json"
expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --t-max 5 --json --verbose
[ "$(head -c 1 "$OUT")" = "{" ] && [ "$(tail -n 1 "$OUT")" = "}" ] || fail "--json --verbose is not one JSON document"
grep -q 'kinks (' "$OUT" && fail "the --verbose text leaked into --json"
grep -Eq '"loss_floor_exact": "[0-9]{30,}/[0-9]{30,}"' "$OUT" || fail "the exact floor is not in --json: $(grep loss_floor_exact "$OUT")"
expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --t-max 5 --verbose
stdout_has 'proven floor: ≈ 0.419684, exact in --json'
grep -Eq '[0-9]{30,}' "$OUT" && fail "a long fraction in the text: $(grep -E '[0-9]{30,}' "$OUT" | cut -c1-120)"
stdout_has 'kinks ('
exit 0
