# An .npz holding a string array beside the model (np.savez(..., meta='hello'))
# was refused whole; the string is not a tensor of the model and is passed
# over. An empty output path names no file (it was reported as "holds the input").
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/init.json"
model_json "$WORK/teacher.json"
if python3 -c 'import numpy' 2>/dev/null; then
    python3 -c "import numpy as np; np.savez('$WORK/meta.npz', W1=np.ones((2, 2)), W2=np.ones((1, 2)), meta=np.array('hello'))"
    expect 0 analyze "$WORK/meta.npz"
else
    echo "skipped: no numpy to write the .npz"
fi
expect 2 flow --init "$WORK/init.json" --teacher "$WORK/teacher.json" --samples 5 --t-max 0.1 --trajectory ""
stderr_has "empty"
expect 2 repair "$WORK/init.json" -o ""
stderr_has "empty"
exit 0
