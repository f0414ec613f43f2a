# analyze's "network:" line printed every width: 3000 layers gave one line of
# 18 000 bytes (10 000 layers: 60 000). The text is for people: no line longer
# than 1000 bytes (--json has every width).
source "$ADVERSARIAL/lib.sh"
{ printf '{"layers": ['; yes '{"W": [[1]]}' | head -n 3000 | paste -sd, -; printf ']}\n'; } > "$WORK/deep.json"
expect 0 analyze "$WORK/deep.json"
longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$OUT")
[ "$longest" -le 1000 ] || fail "a text line of $longest bytes: $(awk 'length($0) > 1000 { print substr($0, 1, 80); exit }' "$OUT")…"
exit 0
