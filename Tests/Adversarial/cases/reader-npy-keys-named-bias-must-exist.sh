# In a .npy directory, a bias that --keys names but that is not there
# (--keys W1,nob,W2,-,W3,- without nob.npy) was taken for "no bias" in
# silence; an archive refuses the same (no tensor named "nob"). A name given
# is a file to read: exit 3, one line naming it. Same for two layers.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/m"
npy "$WORK/m/W1.npy" '(2, 2)' 1,0,0,1
npy "$WORK/m/W2.npy" '(2, 2)' 1,1,1,-1
npy "$WORK/m/W3.npy" '(1, 2)' -3,-3
expect 3 analyze "$WORK/m" --keys W1,nob,W2,-,W3,-
stderr_has "nob"
expect 3 analyze "$WORK/m" --keys W1,nob,W2,-
stderr_has "nob"
# Control: '-' says absent.
expect 0 analyze "$WORK/m" --keys W1,-,W2,-,W3,-
exit 0
