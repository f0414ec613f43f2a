# A .pt whose data.pkl calls os.system / builtins.eval / subprocess.check_call /
# posix.system (STACK_GLOBAL) / exec inside a valid state dict / INST os.system,
# and a legacy-format file doing the same: each would run `touch relutopo-pwned`
# in an unpickler that executes files. Exit 3, one line naming the file and the
# global, "nothing in the file is executed", and no relutopo-pwned appears.
source "$ADVERSARIAL/lib.sh"
cd "$WORK" || fail "cannot enter $WORK"
for pair in os_system:os.system builtins_eval:builtins.eval subprocess:subprocess.check_call \
            stack_global_posix:posix.system eval_inside_state_dict:builtins.exec inst_os_system:os.system \
            legacy_os_system:os.system; do
    name=${pair%%:*} global=${pair#*:}
    cp "$FIXTURES/pytorch/bad/$name.pt" "$WORK/$name.pt"
    expect 3 analyze "$WORK/$name.pt"
    stderr_has "$WORK/$name.pt"
    stderr_has "imports $global, which a weights file never needs"
    stderr_has "nothing in the file is executed"
    [ ! -e "$WORK/relutopo-pwned" ] || fail "$name.pt: the payload ran"
    # Misnamed, the same file is recognised by content and refused the same way.
    cp "$WORK/$name.pt" "$WORK/$name.weights"
    expect 3 analyze "$WORK/$name.weights"
    stderr_has "imports $global"
done
[ ! -e "$WORK/relutopo-pwned" ] || fail "a payload ran"
exit 0
