# Windows text: a CRLF YAML spec was read as one key, a byte-order mark made
# the first key unknown (YAML) or the document unreadable (model JSON): both
# are read as the same text without them. A --target that names one column and
# indexes another is refused as ambiguous (the name won silently).
source "$ADVERSARIAL/lib.sh"
printf 'scheme: kaiming_normal\ninputs: 2\nhidden: 2\nsamples: 10\nseed: 1\n' > "$WORK/lf.yaml"
printf 'scheme: kaiming_normal\r\ninputs: 2\r\nhidden: 2\r\nsamples: 10\r\nseed: 1\r\n' > "$WORK/crlf.yaml"
printf '\xef\xbb\xbfscheme: kaiming_normal\ninputs: 2\nhidden: 2\nsamples: 10\nseed: 1\n' > "$WORK/bom.yaml"
expect 0 sweep --spec "$WORK/lf.yaml" --json; cp "$OUT" "$WORK/lf.out"
expect 0 sweep --spec "$WORK/crlf.yaml" --json; cmp -s "$OUT" "$WORK/lf.out" || fail "CRLF spec read differently"
expect 0 sweep --spec "$WORK/bom.yaml" --json; cmp -s "$OUT" "$WORK/lf.out" || fail "BOM spec read differently"
model_json "$WORK/a.json"
{ printf '\xef\xbb\xbf'; cat "$WORK/a.json"; } > "$WORK/bom.json"
expect 0 analyze "$WORK/a.json" --json; sed 's/bom\.json/a.json/' "$OUT" > "$WORK/a.out"
expect 0 analyze "$WORK/bom.json" --json; sed 's/bom\.json/a.json/' "$OUT" | cmp -s - "$WORK/a.out" || fail "BOM model read differently"
printf '1,0,y\n5,7,3\n' > "$WORK/amb.csv"
printf '{"W1": [[1, 1]], "W2": [[1]]}\n' > "$WORK/z.json"
expect 3 flow --init "$WORK/z.json" --data "$WORK/amb.csv" --target 1 --t-max 0.001
stderr_has "ambiguous"
expect 0 flow --init "$WORK/z.json" --data "$WORK/amb.csv" --target y --t-max 0.001
exit 0
