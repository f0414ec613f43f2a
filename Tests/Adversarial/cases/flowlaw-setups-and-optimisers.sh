# flow under training setups and with finite-step optimisers (docs/THEORY.md
# §14): bad values are flag errors (exit 2) or name the file (exit 3); --weight-decay
# with --weight-decays, --momentum with adam, bad --betas or --eps are refused;
# unequal per-layer decay runs but predicts nothing (not_applicable, agree null,
# no floor); Adam and momentum report that the prediction concerns the flow.
source "$ADVERSARIAL/lib.sh"
# json_has TEXT: the JSON on stdout, spaces and newlines removed, holds TEXT.
json_has() { tr -d ' \n' < "$OUT" | grep -qF -- "$1" || fail "stdout JSON lacks '$1'"; }
printf '{"W1": [[1, 1]], "W2": [[1]]}\n' > "$WORK/teacher.json"
printf '{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}\n' > "$WORK/init.json"
base=(flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --samples 20 --t-max 0.5)
for bad in "--lr-scales 0,1" "--multipliers 1,-1" "--weight-decays 1,-1" "--betas 1,0.9" "--betas 0.9" "--betas a,b" "--eps 0" \
           "--eps -1" "--momentum 1" "--activation relu^2" "--weight-decay 0.1 --weight-decays 0.1,0.1" "--method adam --momentum 0.5" \
           "--parameterization mup"; do
    # shellcheck disable=SC2086
    run "${base[@]}" $bad
    [ "$STATUS" -eq 2 ] || fail "$bad: exit $STATUS, expected 2"
    [ "$(wc -l < "$ERR")" -le 5 ] || fail "$bad: more than a short usage message"
done
expect 3 "${base[@]}" --multipliers 1,1,1
stderr_has "init.json"
npy "$WORK/neg.npy" '(2,)' 1,-2
expect 3 "${base[@]}" --node-scales "$WORK/neg.npy"
stderr_has "neg.npy"
expect 0 "${base[@]}" --weight-decays 0.1,0.2 --json
json_has '"prediction":"not_applicable"'
json_has '"agree":null'
json_has '"loss_floor":null'
json_has '"name":"none"'
expect 0 "${base[@]}" --method adam --lr 0.05 --json
json_has '"prediction_concerns":"gradient_flow"'
json_has '"agree":null'
json_has '"first_locked_flip_step"'
expect 0 "${base[@]}" --method momentum --lr 0.05
stdout_has "concerns gradient flow"
expect 0 "${base[@]}" --parameterization ntk --json
json_has '"multipliers":["1/2","1/2"]'
json_has '"engine":"deep"'
# relu^p runs with --data (a C¹ field: no switches, not projected); with --teacher it is refused.
printf 'x1,x2,y\n1,0,1\n0,1,0\n1,1,2\n-1,1,0\n' > "$WORK/d.csv"
expect 0 flow --init "$WORK/init.json" --data "$WORK/d.csv" --target y --activation relu^3/2 --t-max 1 --json
json_has '"switches":0'
json_has '"activation_power":"3/2"'
# A p beyond binary64 (or above 1024) is a flag error for flow, not a run to invalid.
for p in 1e400 2000; do
    expect 2 flow --init "$WORK/init.json" --data "$WORK/d.csv" --target y --activation "relu^$p" --t-max 1
    stderr_has "binary64"
done
# Setups beyond binary64 are flag errors for flow (the exact commands take them): a rate that
# underflows, one that overflows, a node scale whose square overflows layer L's rate.
for bad in "--lr-scales 1e-400,1" "--lr-scales 1e400,1" "--multipliers 1e-330,1" "--node-scales 1e300,1"; do
    # shellcheck disable=SC2086
    run "${base[@]}" $bad
    [ "$STATUS" -eq 2 ] || fail "$bad: exit $STATUS, expected 2"
    grep -q "binary64" "$ERR" || fail "$bad: the message does not say why"
done
expect 0 analyze "$WORK/init.json" --lr-scales 1e-400,1 --json
