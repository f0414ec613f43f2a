# Sweep law flags and keys (docs/THEORY.md §14) with a count that does not match some architecture of the grid (two
# layers, a deeper entry, mixed depths), a zero, negative, non-numeric, empty or out-of-range scale, relu^0, a leaky
# ReLU, an unknown parameterisation, node scales, or a law key given twice: with flags a usage error (exit 2) whose
# first line names the flag; in a spec file bad input (exit 3), one line naming the file and the key; nothing on stdout.
source "$ADVERSARIAL/lib.sh"
flag() {   # flag FLAG TEXT ARGS…: exit 2, the first line names FLAG and holds TEXT
    local name=$1 text=$2; shift 2
    expect 2 sweep --scheme kaiming_normal --samples 10 "$@"
    head -1 "$ERR" | grep -qF -- "$name" || fail "$*: the first line does not name $name: $(head -1 "$ERR")"
    stderr_has "$text"
    [ -s "$OUT" ] && fail "$*: a refused run printed on stdout"
    return 0
}
flag --lr-scales "gives 3 value(s)" --inputs 2 --hidden 3 --lr-scales 1,2,3
flag --lr-scales "gives 1 value(s)" --inputs 2 --hidden 3 --lr-scales 4
flag --multipliers "2,3,3,1 has 3 layers" --widths 2,3,1 --widths 2,3,3,1 --multipliers 1,2
flag --lr-scales "2,3,3,1 has 3 layers" --widths 2,3,3,1 --lr-scales 1,2
flag --lr-scales "value 2 is 0" --inputs 2 --hidden 3 --lr-scales 1,0
flag --lr-scales "value 1 is -1" --inputs 2 --hidden 3 --lr-scales -1,2
flag --lr-scales "'x' is not an exact number" --inputs 2 --hidden 3 --lr-scales 1,x
flag --lr-scales "'' is not an exact number" --inputs 2 --hidden 3 --lr-scales 1,
flag --lr-scales "'1/0' is not an exact number" --inputs 2 --hidden 3 --lr-scales 1/0,1
flag --multipliers "'inf' is not an exact number" --inputs 2 --hidden 3 --multipliers inf,1
flag --multipliers "'nan' is not an exact number" --inputs 2 --hidden 3 --multipliers 1,nan
flag --multipliers "not an exact number" --inputs 2 --hidden 3 --multipliers 1,1e9999999
flag --activation "p must be an exact number ≥ 1" --inputs 2 --hidden 3 --activation relu^0
flag --activation "p must be an exact number ≥ 1" --inputs 2 --hidden 3 --activation relu^-2
flag --activation "leaky ReLU conserves the plain law" --inputs 2 --hidden 3 --activation leaky_relu:0.1
flag --parameterization "'mup' is not standard or ntk" --inputs 2 --hidden 3 --parameterization mup
flag --node-scales "--multipliers 1,…,1,λ²" --inputs 2 --hidden 3 --node-scales 1,2,3
bad() {   # bad NAME KEY TEXT CONTENT: a spec file is refused naming the file and the key
    printf '%s\n' "$4" > "$WORK/$1"
    expect 3 sweep --spec "$WORK/$1" --json
    stderr_has "$WORK/$1"
    stderr_has "key $2"
    stderr_has "$3"
}
bad a.json lr-scales "gives 3 value(s)" '{"scheme": "kaiming_normal", "inputs": 2, "hidden": 3, "lr-scales": [1, 2, 3]}'
bad b.json multipliers "value 2 is 0" '{"scheme": "kaiming_normal", "inputs": 2, "hidden": 3, "multipliers": [1, 0]}'
bad c.json lr-scales "lists must hold scalars" '{"scheme": "kaiming_normal", "inputs": 2, "hidden": 3, "lr-scales": [[1, 2]]}'
bad d.json node-scales "mean nothing across a grid" '{"scheme": "kaiming_normal", "inputs": 2, "hidden": 3, "node-scales": [1, 2, 3]}'
bad e.yaml lr-scales "4,2,2,1 has 3 layers" "$(printf 'scheme: kaiming_normal\nwidths: [[2, 3, 1], [4, 2, 2, 1]]\nlr-scales: [1, 1/2]')"
bad f.yaml activation "not relu or relu^p" "$(printf 'scheme: kaiming_normal\ninputs: 2\nhidden: 3\nactivation: sigmoid')"
bad g.yaml activation "given twice" "$(printf 'scheme: kaiming_normal\ninputs: 2\nhidden: 3\nactivation: relu^2\nactivation: relu^3')"
# 70 000 values (past one per layer of the deepest network): refused at the limit, at once.
bad i.json lr-scales "more than 65536 values" "{\"scheme\": \"kaiming_normal\", \"inputs\": 2, \"hidden\": 3, \"lr-scales\": [$(printf '1,%.0s' $(seq 70000))1]}"
bad h.yaml parameterization "'NTK' is not standard or ntk" "$(printf 'scheme: kaiming_normal\ninputs: 2\nhidden: 3\nparameterization: NTK')"
exit 0
