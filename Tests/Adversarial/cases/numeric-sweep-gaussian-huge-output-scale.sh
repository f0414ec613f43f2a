# gaussian(1, 1e200): s2² overflows binary64. Every neuron must come out
# pathological (P(c < 0) = 1 − O(1e-200)), never "c = 0"; the closed form exists.
source "$ADVERSARIAL/lib.sh"
expect 0 sweep --scheme 'gaussian(1,1e200)' --inputs 2 --hidden 3 --samples 500 --seed 1 --json --quiet
stdout_has '"p_pathological": 1.0,'
stdout_has '"p_pathological_mc": 1.0,'
stdout_has '"zero_invariants_mc": 0,'
exit 0
