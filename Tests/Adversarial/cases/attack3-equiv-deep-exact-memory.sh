# Exact `equiv` on a deep network held every weight as a GMP rational in
# several full copies: 2 → 1024 → 1024 → 1 (one million int32 weights, a 4 MB
# .npy directory) against an identical copy took 1.46 GB resident (13.7 s
# debug) where the one-hidden-layer path takes 87 MB for 1.8 million weights;
# at the README's 784 → 4096 → 4096 → 4096 → 10 that is ~50 GB. Expected: the
# same answer (equivalent) within 1 GB of address space and 60 s.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/A"
npy "$WORK/A/W1.npy" '(1024, 2)' ''
head -c $((4 * 1024 * 2)) /dev/urandom >> "$WORK/A/W1.npy"
npy "$WORK/A/W2.npy" '(1024, 1024)' ''
head -c $((4 * 1024 * 1024)) /dev/urandom >> "$WORK/A/W2.npy"
npy "$WORK/A/W3.npy" '(1, 1024)' ''
head -c $((4 * 1024)) /dev/urandom >> "$WORK/A/W3.npy"
cp -r "$WORK/A" "$WORK/B"
# analyze of the same model fits easily in this budget
ulimit -v 1000000
expect 0 analyze "$WORK/A"
expect 0 equiv "$WORK/A" "$WORK/B"
stdout_has "equivalent: B = g·A"
exit 0
