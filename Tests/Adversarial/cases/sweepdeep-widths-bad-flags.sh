# `sweep --widths` with fewer than 3 widths, a zero, negative, absurd or non-integer width, or mixed with
# --inputs/--hidden/--outputs: a usage error (exit 2) whose first line names --widths, before anything runs.
source "$ADVERSARIAL/lib.sh"
check() {   # check TEXT ARGS…: exit 2, the message names --widths and holds TEXT
    local text=$1; shift
    expect 2 sweep --scheme kaiming_normal --samples 10 "$@"
    head -1 "$ERR" | grep -qF -- "--widths" || fail "$*: the first line does not name --widths: $(head -1 "$ERR")"
    stderr_has "$text"
}
check "has 2 widths" --widths 3,1
check "has 1 width" --widths 784
check "0 is zero" --widths 3,0,1
check "-3 is negative" --widths -3,2,1
check "-1 is negative" --widths 3,4,-1
check "is too large" --widths 3,2000000,1
check "is too large" --widths 3,4,99999999999999999
check "is not an integer" --widths 3,x,1
check "is not an integer" --widths "3,4,1;"
check "is not an integer" --widths 3,4.5,1
check "cannot be combined with --hidden" --widths 3,4,4,1 --hidden 4
check "cannot be combined with --inputs" --widths 3,4,4,1 --inputs 3
check "cannot be combined with --outputs" --widths 3,4,4,1 --outputs 1
# A second, bad entry is refused as well; nothing is printed on stdout.
check "0 is zero" --widths 3,4,4,1 --widths 2,0,1
[ -s "$OUT" ] && fail "a refused run printed on stdout"
exit 0
