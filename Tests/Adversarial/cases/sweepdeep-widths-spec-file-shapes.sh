# A spec file's "widths" that is not a list of architectures [[d, n_1, …, e], …] (nested three deep, strings or
# fractions inside, an object, empty, a width of 0, mixed with "hidden"): bad input, exit 3, one line naming the
# file and the key. The accepted forms (JSON lists or strings, YAML flow or block lists) give the flags' document.
source "$ADVERSARIAL/lib.sh"
bad() {   # bad NAME TEXT
    printf '%s\n' "$2" > "$WORK/$1"
    expect 3 sweep --spec "$WORK/$1" --json
    stderr_has "$WORK/$1"
    stderr_has "widths"
}
bad a.json '{"scheme": "kaiming_normal", "widths": [[[3, 4, 1]]]}'
bad b.json '{"scheme": "kaiming_normal", "widths": [[3, "4", 1]]}'
bad c.json '{"scheme": "kaiming_normal", "widths": [[3, 4.5, 1]]}'
bad d.json '{"scheme": "kaiming_normal", "widths": {"d": 3}}'
bad e.json '{"scheme": "kaiming_normal", "widths": []}'
bad f.json '{"scheme": "kaiming_normal", "widths": [[3, 0, 1]]}'
bad g.json '{"scheme": "kaiming_normal", "widths": [[3, 4, 4, 1]], "hidden": [2]}'
bad h.yaml "$(printf 'scheme: kaiming_normal\nwidths: [[3, 4, 1], [2]]')"
bad i.yaml "$(printf 'scheme: kaiming_normal\nwidths: [[3, 4, 1]\n')"
bad j.yaml "$(printf 'scheme: kaiming_normal\ninputs: 3\nwidths:\n  - [3, 4, 4, 1]\n')"
expect 0 sweep --scheme kaiming_normal --widths 3,4,4,1 --widths 2,3,1 --samples 20 --seed 2 --json
cp "$OUT" "$WORK/flags.json"
for form in '{"scheme": "kaiming_normal", "widths": [[3, 4, 4, 1], [2, 3, 1]], "samples": 20, "seed": 2}' \
            '{"scheme": "kaiming_normal", "widths": ["3,4,4,1", "2, 3, 1"], "samples": 20, "seed": 2}'; do
    printf '%s\n' "$form" > "$WORK/ok.json"
    expect 0 sweep --spec "$WORK/ok.json" --json
    cmp -s "$OUT" "$WORK/flags.json" || fail "spec $form differs from the flags"
done
printf 'scheme: kaiming_normal\nwidths:\n  - [3, 4, 4, 1]\n  - 2, 3, 1\nsamples: 20\nseed: 2\n' > "$WORK/ok.yaml"
expect 0 sweep --spec "$WORK/ok.yaml" --json
cmp -s "$OUT" "$WORK/flags.json" || fail "the YAML block list differs from the flags"
exit 0
