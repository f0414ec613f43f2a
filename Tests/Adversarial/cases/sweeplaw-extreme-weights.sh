# Law weights far outside binary64 (--lr-scales 1,1e-100000: w_2/w_1 = 10^100000): the weighted predicate cannot
# use its binary64 filter and decides every sign exactly, so every neuron is pathological (P(c < 0) = 1 in closed
# form and by Monte Carlo, no c = 0, no inf or NaN), and the reverse gives 0; at depth 3 the same, within the time
# limit. Ratios near the filter's bounds (2^90, 2^-1022) agree with the closed form.
source "$ADVERSARIAL/lib.sh"
field() { grep -o "\"$1\": [^,]*" "$OUT" | head -1 | sed 's/.*: //'; }
expect 0 sweep --scheme kaiming_normal --inputs 3 --hidden 4 --lr-scales 1,1e-100000 --samples 300 --json
[ "$(field p_pathological)" = "1.0" ] || fail "closed form $(field p_pathological), expected 1"
[ "$(field p_pathological_mc)" = "1.0" ] || fail "Monte Carlo $(field p_pathological_mc), expected 1"
[ "$(field zero_invariants_mc)" = "0" ] || fail "c = 0 counted"
[ "$(field exact_fallbacks_mc)" = "1200" ] || fail "expected every sign exact, got $(field exact_fallbacks_mc)"
grep -qiE 'nan|inf' "$OUT" && fail "nan or inf in the document"
expect 0 sweep --scheme kaiming_normal --inputs 3 --hidden 4 --lr-scales 1e-100000,1 --samples 300 --json
[ "$(field p_pathological)" = "0.0" ] || fail "closed form $(field p_pathological), expected 0"
[ "$(field p_pathological_mc)" = "0.0" ] || fail "Monte Carlo $(field p_pathological_mc), expected 0"
expect 0 sweep --scheme kaiming_normal --widths 3,4,4,1 --lr-scales 1e-100000,1,1e100000 --samples 100 --json
grep -q '"p_negative": 0.0' "$OUT" || fail "deep closed form is not 0"
grep -q '"negative_mc": 0,' "$OUT" || fail "deep Monte Carlo counted c < 0"
grep -qiE 'nan|inf' "$OUT" && fail "nan or inf in the deep document"
# Near the filter's bounds: w_2/w_1 = 2^89 (filtered), 2^91 (exact), 1e-300 (filtered) and 1e-310 (below 2^-1022:
# exact); d = l = e = 1, kaiming_normal: x = r/(1 + r), P(c < 0) = I_x(1/2, 1/2) = (2/π) asin(√x). The Monte Carlo
# lies within 4 SE of the closed form (and at 0 or 1 exactly where the closed form rounds to it).
for scale in 1/618970019642690137449562112 1/2475880078570760549798248448 1e300 1e310; do
    expect 0 sweep --scheme kaiming_normal --inputs 1 --hidden 1 --lr-scales "1,$scale" --samples 4000 --json
    closed=$(field p_pathological) mc=$(field p_pathological_mc) se=$(field p_pathological_se)
    awk -v c="$closed" -v m="$mc" -v s="$se" 'BEGIN { d = c - m; if (d < 0) d = -d; exit !(d <= 4 * s + 1e-12) }' \
        || fail "scale $scale: Monte Carlo $mc ± $se against closed form $closed"
    grep -qiE 'nan|inf' "$OUT" && fail "nan or inf at scale $scale"
done
exit 0
