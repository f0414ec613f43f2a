# --activation relu^p on a deep network reads the law as c = p^{h−1}·(‖a‖² −
# p‖o‖²): one flag value compounds over the depth. With p = 1e400 (an exact
# decimal the flag accepts) on the chain 1 → 1 → … → 1 of 1000 layers with
# every weight 2 (an 18 KB JSON), c of layer h has ~400·h digits and analyze
# took 120 s and 609 MB in a debug build (500 layers: 16 s; cubic in depth);
# 2000 layers did not finish in 300 s. Expected: an answer (every c < 0, every
# weight but W1 locked) or a usage error naming --activation, within 60 s and
# 2 GB of address space — never a run that grows without bound.
source "$ADVERSARIAL/lib.sh"
n=2000
{
    printf '{'
    for ((h = 1; h < n; h++)); do printf '"W%d": [[2]], ' "$h"; done
    printf '"W%d": [[2]]}\n' "$n"
} > "$WORK/chain.json"
ulimit -v 2000000
run analyze "$WORK/chain.json" --activation 'relu^1e400'
case $STATUS in
    0) stdout_has "locked coordinates (their sign can never change along the flow): $((n - 1))" ;;
    2) stderr_has "--activation" ;;
    *) fail "analyze --activation relu^1e400 on $n layers: exit $STATUS (137 = killed after 60 s or out of memory)" ;;
esac
exit 0
