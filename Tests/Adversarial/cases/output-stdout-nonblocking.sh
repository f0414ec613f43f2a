# Standard output handed over non-blocking (O_NONBLOCK on a pipe, as some
# tools do) and read slowly: a document larger than the pipe's 64 KiB must
# arrive whole, exit 0 (write(2) gives EAGAIN when the pipe is full; the
# writer waits instead of failing or cutting the output).
source "$ADVERSARIAL/lib.sh"
python3 - "$RELUTOPO" <<'PY' || fail "non-blocking stdout: see above"
import fcntl, json, os, subprocess, sys, time
read_end, write_end = os.pipe()
fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen([sys.argv[1], "verify", "--all", "--json"], stdout=write_end, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
os.close(write_end)
time.sleep(1.0)   # let the child fill the pipe first
chunks = []
while True:
    chunk = os.read(read_end, 4096)
    if not chunk:
        break
    chunks.append(chunk)
    time.sleep(0.001)
status = child.wait(timeout=120)
data = b"".join(chunks)
if status != 0:
    sys.exit(f"exit {status}: {child.stderr.read().decode()[:300]}")
if len(data) < 65536:
    sys.exit(f"only {len(data)} bytes: the test needs a document beyond one pipe buffer")
json.loads(data)
PY
