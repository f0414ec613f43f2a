# /dev/zero (endless), /dev/null and a Unix socket as a model, under every
# extension: exit 3 at once with one line naming the path. A directory where a
# tensor file is expected is refused cleanly as well.
source "$ADVERSARIAL/lib.sh"
for extension in npy npz safetensors json; do
    ln -s /dev/zero "$WORK/zero.$extension"
    expect 3 analyze "$WORK/zero.$extension"
    stderr_has "$WORK/zero.$extension"
    stderr_has "not a regular file (a character device)"
done
expect 3 analyze /dev/zero
stderr_has "/dev/zero: not a regular file (a character device)"
expect 3 analyze /dev/null
stderr_has "/dev/null: not a regular file"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$WORK/sock.npz" || fail "could not make a socket"
expect 3 analyze "$WORK/sock.npz"
stderr_has "$WORK/sock.npz: not a regular file (a socket)"
mkdir -p "$WORK/m/W1.npy"
cp "$FIXTURES/models/bias_f32/W2.npy" "$WORK/m/W2.npy"
expect 3 analyze "$WORK/m"
stderr_has "$WORK/m/W1.npy: is a directory"
exit 0
