# equiv --tolerance on a network with two hidden layers: NaN, a negative number, ∞,
# 1e999 (∞ once parsed) and an empty value are usage errors (exit 2) naming --tolerance,
# never a verdict.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 2], [3, -1]], "W2": [[1, 1], [2, -1]], "W3": [[1, -2]]}' > "$WORK/deep.json"
for value in nan NaN -1 -0.001 inf -inf 1e999 ""; do
    run equiv "$WORK/deep.json" "$WORK/deep.json" --tolerance "$value"
    [ "$STATUS" -eq 2 ] || fail "--tolerance '$value': exit $STATUS, expected 2"
    stderr_has "--tolerance"
    [ -s "$OUT" ] && fail "--tolerance '$value' wrote a verdict"
done
expect 0 equiv "$WORK/deep.json" "$WORK/deep.json" --tolerance 0
stdout_has "equivalent within relative distance 0"
exit 0
