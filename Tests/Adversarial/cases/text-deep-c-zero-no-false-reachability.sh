# The chain 1 → 1 → 1 → 1 with every weight 1 has c = (0, 0): topologically one
# piece (through the apex), but gradient flow never reaches the apex from off
# it (docs/THEORY.md §13.4), so no weight can change sign. The text said "the
# set of weights training (gradient flow) can reach is connected, so topology
# puts no point of it out of reach": false. With c = 0 neurons the text may
# only state the topological count (the dynamical one is not computed).
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1]], "W2": [[1]], "W3": [[1]]}\n' > "$WORK/z.json"
expect 0 analyze "$WORK/z.json"
grep -q "can reach is connected" "$OUT" && fail "claims the reachable set is connected: $(grep -A1 'can reach is connected' "$OUT" | tr '\n' ' ')"
grep -q "no point of it out of reach" "$OUT" && fail "claims no point is out of reach"
exit 0
