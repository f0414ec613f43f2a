# `verify lie --widths` with a letter, 0, −3, an empty entry, 1.5, a width past
# Int64, two entries, eighteen entries, or mixed with --inputs/--outputs, and
# --depth 0 / −1 / without --widths: usage error (exit 2) naming the flag and
# what is wrong with the value; nothing on stdout, no count computed.
source "$ADVERSARIAL/lib.sh"
check() {   # check TEXT ARGS…
    local text=$1; shift
    run verify lie "$@"
    [ "$STATUS" -eq 2 ] || fail "verify lie $*: exit $STATUS, expected 2"
    stderr_has "$text"
    [ -s "$OUT" ] && fail "verify lie $*: wrote to stdout"
    grep -q 'Missing value' "$ERR" && fail "verify lie $*: 'Missing value'"
    return 0
}
check "entry 2 ('x') is not an integer" --widths 2,x,1
check "entry 2 (0) is zero" --widths 2,0,1
check "entry 1 (-3) is negative" --widths -3,2,1
check "entry 2 ('') is empty" --widths 2,,1
check "entry 3 ('1.5') is not an integer" --widths 2,3,1.5
check "is too large" --widths 99999999999999999999999,1,1
check "is too large" --widths 2,10001,1
check "it has 2 entries" --widths 2,1
check "it has 18 entries" --widths 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
check "--widths gives the whole shape" --widths 2,2,1 --inputs 2
check "--widths gives the whole shape" --widths 2,2,1 --outputs 3
check "--depth must be in 1…64, but it is zero" --widths 2,2,1 --depth 0
check "--depth must be in 1…64, but it is negative" --widths 2,2,1 --depth -1
check "--depth belongs to --widths" --depth 2
check "--depth belongs to --widths" --inputs 2 --hidden 2 --depth 2
exit 0
