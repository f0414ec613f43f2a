# gaussian(1e300, 1e300) with a hidden bias (sb = s1): every variance overflowed
# to ∞ and every neuron counted as c = 0. With d = e = 1 and the bias, m = 2 and
# x = 1/2: P(c < 0) = I_{1/2}(1, 1/2) = 1 − √(1/2) ≈ 0.292893 (by hand), and the
# Monte Carlo estimate (SE ≈ 0.006) lands near it.
source "$ADVERSARIAL/lib.sh"
expect 0 sweep --scheme 'gaussian(1e300,1e300)' --inputs 1 --hidden 2 --bias --samples 3000 --json --quiet
stdout_has '"p_pathological": 0.29289321881345'
stdout_has '"zero_invariants_mc": 0,'
p=$(sed -n 's/.*"p_pathological_mc": \([0-9.e-]*\),.*/\1/p' "$OUT")
awk -v p="$p" 'BEGIN { exit !(p > 0.26 && p < 0.33) }' || fail "p_pathological_mc = $p, expected about 0.293"
exit 0
