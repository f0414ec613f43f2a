# 2 → 2 → 1 → 1 with W1 = I, W2 = [[3, 1]], W3 = [[1]]: neuron (1, 0) has
# c = 1 − 9 = −8 and one output weight W2[0, 0], which analyze itself reports
# locked with the certificate {(1, 0)}, side "out". Its per-neuron field said
# "locked": "none" (the lock was booked only on (2, 0)'s input side). A
# neuron whose output weight can never change sign is "output" (or "both"),
# as in docs/THEORY.md §3.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[3, 1]], "W3": [[1]]}\n' > "$WORK/m.json"
expect 0 analyze "$WORK/m.json" --json
tr -d ' \n' < "$OUT" | grep -q '"tensor":"W2","index":\[0,0\],"sign":1,"certificate":{"neurons":\[\[1,0\]\],"side":"out"' \
    || fail "W2[0, 0] is no longer reported locked by {(1, 0)}: $(tr -d ' \n' < "$OUT" | grep -o '"locked_coordinates":.*' | head -c 300)"
field=$(tr -d ' \n' < "$OUT" | grep -o '{"layer":1,"index":0,[^}]*}')
case $field in
    *'"locked":"output"'* | *'"locked":"both"'*) ;;
    *) fail "neuron (1, 0): $field" ;;
esac
exit 0
