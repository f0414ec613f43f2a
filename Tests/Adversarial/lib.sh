# Shared by every adversarial case (Tests/Adversarial/cases/*.sh). Sourced.
# A case is a bash script that sets up hostile input in $WORK, runs relutopo,
# and exits 0 when the outcome is the expected one (exit status, message,
# files untouched); anything else is a failure with a one-line reason.
# AdversarialTests.swift runs every case with RELUTOPO (the built binary) and
# FIXTURES (Tests/Fixtures) set.
set -u
: "${RELUTOPO:?RELUTOPO must name the relutopo binary}"
: "${FIXTURES:?FIXTURES must name Tests/Fixtures}"
FIXTURES=${FIXTURES%/}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/relutopo-adversarial.XXXXXX")
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT="$WORK/.stdout"
ERR="$WORK/.stderr"
STATUS=0

fail() { echo "FAIL: $*" >&2; [ -s "$ERR" ] && { echo "--- stderr:" >&2; head -c 2000 "$ERR" >&2; }; exit 1; }

# run ARGS…: runs relutopo (stdin closed), keeps its status in STATUS. A run
# that takes over 60 s is killed (status 124): a hang fails its case instead of
# blocking the suite.
run() { timeout -s KILL 60 "$RELUTOPO" "$@" >"$OUT" 2>"$ERR" </dev/null; STATUS=$?; }

# expect STATUS ARGS…: runs relutopo and requires that exit status; for 1, 2 and 3
# also that stderr holds one line (bad input and output failures name the file
# in that line).
expect() {
    local want=$1; shift
    run "$@"
    [ "$STATUS" -eq "$want" ] || fail "relutopo $*: exit $STATUS, expected $want"
    if [ "$want" -eq 3 ] || [ "$want" -eq 1 ]; then
        local lines; lines=$(grep -c '' "$ERR")
        [ "$lines" -eq 1 ] || fail "relutopo $*: $lines lines on stderr, expected one"
        grep -q '^relutopo: error: ' "$ERR" || fail "relutopo $*: stderr does not start with 'relutopo: error: '"
    fi
}

# stderr_has TEXT / stdout_has TEXT: the last run's streams contain TEXT (fixed string).
stderr_has() { grep -qF -- "$1" "$ERR" || fail "stderr lacks '$1'"; }
stdout_has() { grep -qF -- "$1" "$OUT" || fail "stdout lacks '$1'"; }

# refused DIR EXT NAME:TEXT …: `analyze DIR/NAME.EXT` exits 3 with one line naming the file and holding TEXT.
refused() {
    local dir=$1 ext=$2 pair name text
    shift 2
    for pair in "$@"; do
        name=${pair%%:*} text=${pair#*:}
        expect 3 analyze "$dir/$name.$ext"
        stderr_has "$dir/$name.$ext"
        stderr_has "$text"
    done
}

# snapshot DIR > FILE: every entry under DIR with its type, mode and content hash.
snapshot() {
    (cd "$1" && find . -mindepth 1 \( -name .stdout -o -name .stderr -o -name '.snap*' \) -prune -o -print0 | sort -z |
        while IFS= read -r -d '' entry; do
            if [ -L "$entry" ]; then echo "L $entry -> $(readlink "$entry")"
            elif [ -d "$entry" ]; then echo "D $entry"
            elif [ -f "$entry" ]; then echo "F $entry $(sha256sum < "$entry" | cut -c1-16)"
            else echo "O $entry"; fi
        done)
}

# unchanged DIR FILE: DIR is exactly as FILE (from snapshot) recorded it.
unchanged() {
    local now; now=$(snapshot "$1")
    [ "$now" = "$(cat "$2")" ] || fail "$1 changed: $(diff <(cat "$2") <(echo "$now") | head -5 | tr '\n' ' ')"
}

# model_dir DIR: a two-layer .npy model directory (W1 2×2, W2 1×2, one pathological neuron) made by relutopo itself.
model_json() {
    cat > "$1" <<'JSON'
{"W1": [[1, 0], [0, 1]], "b1": [0, 0], "W2": [[2, -3]], "b2": [0.5], "activation": "relu"}
JSON
}

# Binary writers for hand-made model files (int32 tensors, little-endian).
u64le() { local i; for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(( ($1 >> (8 * i)) & 255 )))"; done; }
i32le() { local v=$(( $1 & 0xffffffff )) i; for i in 0 1 2 3; do printf "\\x$(printf %02x $(( (v >> (8 * i)) & 255 )))"; done; }
# st FILE NAME:SHAPE:VALUES …: a .safetensors of int32 tensors (SHAPE "2,3", "" for a scalar; VALUES "1,-2,…").
st() {
    local file=$1 spec name shape values v n off=0 header='{'
    shift; : > "$WORK/.data"
    for spec in "$@"; do
        name=${spec%%:*}; spec=${spec#*:}; shape=${spec%%:*}; values=${spec#*:}; n=0
        for v in ${values//,/ }; do i32le "$v" >> "$WORK/.data"; n=$((n + 1)); done
        header+="\"$name\": {\"dtype\": \"I32\", \"shape\": [$shape], \"data_offsets\": [$off, $((off + 4 * n))]}, "
        off=$((off + 4 * n))
    done
    header="${header%, }}"
    { u64le ${#header}; printf '%s' "$header"; cat "$WORK/.data"; } > "$file"
}
# npy FILE SHAPE VALUES: a version 1.0 .npy of int32 (SHAPE "(2, 2)", VALUES "1,0,0,1").
npy() {
    local header="{'descr': '<i4', 'fortran_order': False, 'shape': $2, }" v
    while [ $(( (10 + ${#header} + 1) % 64 )) -ne 0 ]; do header+=" "; done
    local n=$(( ${#header} + 1 ))
    { printf '\x93NUMPY\x01\x00'; printf "\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))"
      printf '%s\n' "$header"; for v in ${3//,/ }; do i32le "$v"; done; } > "$1"
}
