# A Monte Carlo sample holds one weight matrix per thread: 784,100000,100000,1 (10¹⁰ entries, 80 GB) is refused
# at once (exit 2, naming --widths and W2); with --samples 0 the per-layer closed forms run at once. --threads 4096
# on 2,4096,4096,1 (128 MB per thread) runs no more threads than cores and 1 GiB allow: under 2 GB of address space.
source "$ADVERSARIAL/lib.sh"
expect 2 sweep --scheme kaiming_normal --widths 784,100000,100000,1 --samples 10
stderr_has "--widths"
stderr_has "W2 (100000 × 100000 entries)"
expect 0 sweep --scheme kaiming_normal --widths 784,100000,100000,1 --samples 0 --json
stdout_has '"p_negative": '
stdout_has '"p_locked": '
grep -q '"p_locked_mc": null' "$OUT" || fail "a closed-forms-only row has Monte Carlo values"
( ulimit -v 2000000; expect 0 sweep --scheme kaiming_normal --widths 2,4096,4096,1 --samples 2 --threads 4096 --json --quiet ) || exit 1
exit 0
