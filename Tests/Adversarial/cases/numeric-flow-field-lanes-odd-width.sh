# The field's lanes on a width that fills no lane pair (l = 3: a padded lane),
# two outputs (the general backward step) and no biases (zeros added to z, 1ᵀG
# into scratch): dopri5, adams and bdf run to t = 20 with switches and agree on
# the loss to 1e-4 relative; dopri5 and bdf keep c_k at rounding level.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0.5], [-0.7, 1.2], [0.3, -1.1]], "W2": [[0.8, -0.4, 0.6], [-0.5, 0.9, 0.2]]}' > "$WORK/teacher.json"
printf '{"W1": [[0.2, 0.9], [-1.0, 0.4], [0.6, 0.5]], "W2": [[-0.3, 0.7, 0.4], [0.5, -0.6, 0.8]]}' > "$WORK/init.json"
field() { tr -d ' \n' < "$OUT" | grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2; }
losses=""
for method in dopri5 adams bdf; do
    expect 0 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --method $method --t-max 20 --json
    stdout_has '"engine": "one_hidden_layer"'
    [ "$(field switches)" -gt 0 ] || fail "$method: no switch"
    loss=$(field final_loss)
    awk -v x="$loss" 'BEGIN { exit !(x > 0 && x < 1) }' || fail "$method: final loss $loss"
    if [ $method != adams ]; then
        drift=$(field max_relative_drift_after_projection)
        awk -v x="$drift" 'BEGIN { exit !(x >= 0 && x < 1e-12) }' || fail "$method: drift after projection $drift"
    fi
    losses="$losses $loss"
done
echo "$losses" | awk '{ lo = $1; hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
                        exit !(NF == 3 && hi - lo <= 1e-4 * lo) }' || fail "the integrators disagree:$losses"
exit 0
