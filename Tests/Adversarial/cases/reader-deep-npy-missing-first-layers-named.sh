# A .npy directory with W2.npy and W3.npy but no W1.npy said only "a network
# needs at least two linear layers (one hidden layer), got 0"; with W1.npy and
# W3.npy but no W2.npy, "got 1" (W3.npy passed over). The line must name the
# missing file, as the two-layer reader does ("missing W1.npy").
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/no1" "$WORK/no2"
npy "$WORK/no1/W2.npy" '(2, 2)' 1,1,1,-1
npy "$WORK/no1/W3.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/no1"
stderr_has "W1"
npy "$WORK/no2/W1.npy" '(2, 2)' 1,0,0,1
npy "$WORK/no2/W3.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/no2"
stderr_has "W2"
exit 0
