# Neurons a = (1e-200, 0) and a = (0, 1e-200), v = 1e-200: ‖a‖² underflows to 0 in
# binary64, but they are orthogonal (relative distance √2), never "equivalent".
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1e-200, 0]], "W2": [[1e-200]]}' > "$WORK/a.json"
printf '{"W1": [[0, 1e-200]], "W2": [[1e-200]]}' > "$WORK/b.json"
run equiv "$WORK/a.json" "$WORK/b.json" --tolerance 0.1 --exit-status
[ "$STATUS" -eq 1 ] || fail "exit $STATUS with --exit-status, expected 1 (not equivalent)"
expect 0 equiv "$WORK/a.json" "$WORK/b.json" --tolerance 0.1 --json
stdout_has '"equivalent": false'
stdout_has '"nearest_relative_distance": 1.414213562373095'
exit 0
