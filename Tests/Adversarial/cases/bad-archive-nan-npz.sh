# A NaN inside an .npz tensor: exit 3, one line naming the file.
source "$ADVERSARIAL/lib.sh"
cp "$FIXTURES/bad_archives/nan.npz" "$WORK/m.npz"
expect 3 analyze "$WORK/m.npz"
stderr_has "m.npz"
