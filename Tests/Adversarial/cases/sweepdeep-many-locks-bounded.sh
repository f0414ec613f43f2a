# 1,200000,1,1: every first-layer neuron has fan-in 1 and fan-out 1 and locks one weight, so q ≥ 200 000 per
# sample and E[2^q] is a 60 000-digit rational. The run stays linear (a few seconds, under 2 GB of address
# space), its log₁₀ is finite, and `sweep merge` rebuilds the row from its counts, byte for byte.
source "$ADVERSARIAL/lib.sh"
( ulimit -v 2000000; expect 0 sweep --scheme kaiming_normal --widths 1,200000,1,1 --samples 4 --threads 2 --json --quiet ) || exit 1
cp "$OUT" "$WORK/many.json"
grep -q '"p_locked_mc": 1.0' "$WORK/many.json" || fail "a sample without locks"
grep -q '"log10_expected_components_mc": 602[0-9][0-9]\.' "$WORK/many.json" || fail "log10 E[2^q] is not about 200000·log10(2)"
grep -q '"expected_components_mc": null' "$WORK/many.json" || fail "E[2^q] past binary64 printed as a number"
digits=$(grep -o '"expected_components_mc_exact": "[0-9]*' "$WORK/many.json" | wc -c)
[ "$digits" -gt 60000 ] || fail "the exact mean has $digits characters"
( ulimit -v 2000000; expect 0 sweep merge "$WORK/many.json" --json ) || exit 1
cmp -s "$OUT" "$WORK/many.json" || fail "merge changed the document"
exit 0
