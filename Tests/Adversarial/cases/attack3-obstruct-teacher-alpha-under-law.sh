# obstruct --teacher (one hidden layer) under a training-setup law places each
# teacher neuron in a slot with an exact α² "checked exactly" — but on the
# plain quadric α²‖a‖² − ‖v‖²/α² = c_slot while c_slot is the law's. Init
# W1 = [[1, 0], [0, 2]], W2 = [[1.5, 1]], teacher W1 = [[3, 1], [1, 1]],
# W2 = [[2, 1]], --lr-scales 1,4: c = (7/16, 15/4), and slot 0 needs
# 10α² − 2²/(4α²) = 7/16, α² = 7/320 + (1/20)·√(10289/256) ≈ 0.338858 — what
# the same run in trained coordinates (W2 halved in both files, no flag) gives.
# relutopo said 7/320 + (1/20)·√(41009/256) ≈ 0.654709 (10α² − 4/α² = 7/16),
# "verified": true. --multipliers 1,4 is the same law here. Expected: the
# certificate of the law, equal to the trained-coordinates one.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/init.json"
printf '{"W1": [[3, 1], [1, 1]], "W2": [[2, 1]]}\n' > "$WORK/teacher.json"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[0.75, 0.5]]}\n' > "$WORK/init-trained.json"
printf '{"W1": [[3, 1], [1, 1]], "W2": [[1, 0.5]]}\n' > "$WORK/teacher-trained.json"
expect 0 obstruct --init "$WORK/init-trained.json" --teacher "$WORK/teacher-trained.json" --json
stdout_has '"alpha_squared": "7/320 + (1/20)·√(10289/256)"'
stdout_has '"alpha_squared": "15/16 + (1/4)·√(257/16)"'
for flag in "--lr-scales 1,4" "--multipliers 1,4"; do
    # shellcheck disable=SC2086
    expect 0 obstruct --init "$WORK/init.json" --teacher "$WORK/teacher.json" $flag --json
    stdout_has '"verdict": "reachable"'
    grep -qF '"alpha_squared": "7/320 + (1/20)·√(10289/256)"' "$OUT" \
        || fail "$flag: slot 0 α² = $(grep -o '"alpha_squared": "[^"]*"' "$OUT" | head -1), expected 7/320 + (1/20)·√(10289/256)"
    stdout_has '"alpha_squared": "15/16 + (1/4)·√(257/16)"'
done
exit 0
