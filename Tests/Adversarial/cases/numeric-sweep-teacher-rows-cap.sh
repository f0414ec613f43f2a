# Rows are cells × teachers: 10 000 cells × 200 teachers = 2·10⁶ rows, past the
# documented 1048576. Refused before anything runs (exit 2), also from a spec (exit 3).
source "$ADVERSARIAL/lib.sh"
teachers=$(printf '1/1,%.0s' $(seq 200)); teachers=${teachers%,}
expect 2 sweep --scheme kaiming_normal --inputs 1:10 --hidden 1:1000 --teacher "$teachers" --samples 0
stderr_has "--teacher"
stderr_has "1048576 rows"
printf 'scheme: kaiming_normal\ninputs: 1:10\nhidden: 1:1000\nsamples: 0\nteacher: "%s"\n' "$teachers" > "$WORK/spec.yaml"
expect 3 sweep --spec "$WORK/spec.yaml"
stderr_has "spec.yaml"
exit 0
