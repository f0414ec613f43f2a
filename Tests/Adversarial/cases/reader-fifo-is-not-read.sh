# A FIFO where a model file is expected (W1.npy in a model directory, or the
# model path itself under every extension) used to block forever in open(2):
# now exit 3 at once, one line naming the FIFO, and never "empty file".
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/m"
cp "$FIXTURES/models/bias_f32/W2.npy" "$WORK/m/W2.npy"
mkfifo "$WORK/m/W1.npy"
expect 3 analyze "$WORK/m"
stderr_has "$WORK/m/W1.npy"
stderr_has "not a regular file (a FIFO)"
# A FIFO named like an optional bias is refused too, not taken for "no bias".
rm "$WORK/m/W1.npy"; cp "$FIXTURES/models/bias_f32/W1.npy" "$WORK/m/W1.npy"; mkfifo "$WORK/m/b1.npy"
expect 3 analyze "$WORK/m"
stderr_has "$WORK/m/b1.npy"
stderr_has "not a regular file (a FIFO)"
for extension in npy npz safetensors json bin; do
    mkfifo "$WORK/model.$extension"
    expect 3 analyze "$WORK/model.$extension"
    stderr_has "$WORK/model.$extension"
    stderr_has "not a regular file (a FIFO)"
    grep -q "empty" "$ERR" && fail "a FIFO called an empty file"
done
exit 0
