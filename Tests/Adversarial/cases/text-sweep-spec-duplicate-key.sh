# A sweep spec JSON giving the seed twice: refused (exit 3) naming file and key.
source "$ADVERSARIAL/lib.sh"
printf '{"scheme": "kaiming_normal", "inputs": 2, "hidden": 2, "samples": 10, "seed": 1, "seed": 2}' > "$WORK/spec.json"
expect 3 sweep --spec "$WORK/spec.json"
stderr_has "spec.json"
stderr_has '"seed"'
exit 0
