# gaussian(3e-170, 4e-170): s1², s2² underflow binary64 to 0, and the closed
# form divided 0 by 0 (a trap). x = s2²/(s1² + s2²) is now formed from exact
# squares: x = 16/25, and for m = 2, e = 1, I_x(1, 1/2) = 1 − √(1 − x) = 1 − 3/5 = 0.4.
source "$ADVERSARIAL/lib.sh"
expect 0 sweep --scheme 'gaussian(3e-170,4e-170)' --inputs 2 --hidden 2 --samples 200 --json --quiet
stdout_has '"closed_form": "docs/THEORY.md §10: p = I_x(2/2, 1/2), x = 0.64"'
stdout_has '"p_pathological": 0.4,'
stdout_has '"zero_invariants_mc": 0,'
exit 0
