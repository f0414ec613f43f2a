# A layer's own bias of the wrong length was passed over in silence by
# auto-detection (the model read as bias-free): exit 3 naming it. An explicit
# --activation overrides the one a model JSON records (the file silently won,
# and a JSON without one ignored the flag).
source "$ADVERSARIAL/lib.sh"
if python3 -c 'import numpy' 2>/dev/null; then
    python3 -c "import numpy as np; np.savez('$WORK/mism.npz', **{'fc1.weight': np.ones((3, 2)), 'fc1.bias': np.ones(4), 'fc2.weight': np.ones((1, 3))})"
    expect 3 analyze "$WORK/mism.npz"
    stderr_has "fc1.bias"
else
    echo "skipped: no numpy to write the .npz"
fi
printf '{"W1": [[1]], "W2": [[1]], "activation": {"leaky_relu": 0.2}}\n' > "$WORK/lk.json"
expect 0 analyze "$WORK/lk.json" --activation relu
grep -q "leaky" "$OUT" && fail "--activation relu was ignored"
expect 0 analyze "$WORK/lk.json"
stdout_has "leaky"
printf '{"W1": [[1]], "W2": [[1]]}\n' > "$WORK/plain.json"
expect 0 analyze "$WORK/plain.json" --activation leaky_relu:0.25
stdout_has "leaky"
exit 0
