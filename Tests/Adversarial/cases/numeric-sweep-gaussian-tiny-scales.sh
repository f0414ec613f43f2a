# gaussian(1e-200, 1e-200): s² underflows binary64 (it crashed in a division and
# drew all-zero weights). With d = e = 1, |a| and |v| are i.i.d.: P(c < 0) = 1/2
# by symmetry; no neuron may be counted as c = 0.
source "$ADVERSARIAL/lib.sh"
expect 0 sweep --scheme 'gaussian(1e-200,1e-200)' --inputs 1 --hidden 3 --samples 2000 --seed 0 --json --quiet
stdout_has '"closed_form": "docs/THEORY.md §10: p = I_x(1/2, 1/2), x = 0.5"'
stdout_has '"zero_invariants_mc": 0,'
p=$(sed -n 's/.*"p_pathological_mc": \([0-9.e-]*\),.*/\1/p' "$OUT")
awk -v p="$p" 'BEGIN { exit !(p > 0.47 && p < 0.53) }' || fail "p_pathological_mc = $p, expected about 0.5 (SE 0.0065)"
expect 0 sweep --scheme 'gaussian(1e-320,1e-320)' --inputs 2 --hidden 2 --samples 100 --json --quiet
stdout_has '"zero_invariants_mc": 0,'
exit 0
