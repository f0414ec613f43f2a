# flow's --data flags and --teacher flags do not mix: with --teacher the
# inputs are drawn, so --target, --standardise, --test-fraction and
# --split-seed are refused; with --data they are read, so --samples and --seed
# are refused (exit 2, the flag named). A split that leaves no training or no
# test row is refused too, naming the data. Each was silently ignored before.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/m.json"
printf 'x1,x2,y\n1,0,1\n0,1,0\n1,1,1\n-1,0.5,0\n' > "$WORK/d.csv"
teacher=(flow --init "$WORK/m.json" --teacher "$WORK/m.json" --t-max 0.01)
data=(flow --init "$WORK/m.json" --data "$WORK/d.csv" --target y --t-max 0.01)
for extra in "--target y" "--standardise" "--test-fraction 0.5" "--split-seed 3"; do
    # shellcheck disable=SC2086
    expect 2 "${teacher[@]}" $extra
    stderr_has "${extra%% *}"
done
for extra in "--samples 7" "--seed 3"; do
    # shellcheck disable=SC2086
    expect 2 "${data[@]}" $extra
    stderr_has "${extra%% *}"
done
for fraction in 0.1 0.9; do   # 4 rows: 0 and 4 held out
    expect 2 "${data[@]}" --test-fraction $fraction
    stderr_has "d.csv"
done
# What belongs to each runs.
expect 0 "${teacher[@]}" --samples 7 --seed 3
expect 0 "${data[@]}" --standardise --test-fraction 0.5 --split-seed 3
