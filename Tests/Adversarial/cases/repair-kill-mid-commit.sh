# SIGKILL at every point of repair's write path: the destination holds the old
# model or the new one, never a mix; other files survive; readers refuse a
# directory with an interrupted commit (exit 3, naming it); the next repair of
# it finishes the commit; staging of killed runs is cleaned by the next run.
source "$ADVERSARIAL/lib.sh"
fresh_dir() { rm -rf "$WORK/m"; cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/m"; echo keep > "$WORK/m/config.json"; }
# Reference: the repaired tensors, made without faults.
fresh_dir; expect 0 repair "$WORK/m" -o "$WORK/ref"
old_sum=$(cat "$ADVERSARIAL/fixtures/pathological_bias/"*.npy | sha256sum)
new_sum=$(cat "$WORK/ref/"*.npy | sha256sum)
[ "$old_sum" != "$new_sum" ] || fail "the fixture needs a repair"
for point in directory-staged directory-journal directory-rename-1 directory-rename-2 directory-rename-3; do
    fresh_dir
    RELUTOPO_FAULT_KILL=$point "$RELUTOPO" repair "$WORK/m" -o "$WORK/m" --in-place >/dev/null 2>&1 && fail "$point: no kill"
    [ "$(cat "$WORK/m/config.json")" = keep ] || fail "$point: config.json lost"
    now=$(cat "$WORK/m/"*.npy | sha256sum)
    case $point in
        directory-staged)
            [ "$now" = "$old_sum" ] || fail "$point: the model changed before the journal";;
        *)
            if [ "$now" != "$old_sum" ] && [ "$now" != "$new_sum" ]; then
                # A mix: readers must refuse until the commit is finished.
                expect 3 analyze "$WORK/m"
                stderr_has "interrupted"
            fi;;
    esac
    # The next repair finishes (or cleans) and ends with the repaired model and nothing else.
    expect 0 repair "$WORK/m" -o "$WORK/m" --in-place
    [ "$(cat "$WORK/m/"*.npy | sha256sum)" = "$new_sum" ] || fail "$point: not the repaired model after recovery"
    [ "$(ls -A "$WORK/m" | LC_ALL=C sort | tr '\n' ' ')" = "W1.npy W2.npy b1.npy b2.npy config.json " ] || fail "$point: entries $(ls -A "$WORK/m")"
done
# A file model killed after staging: the destination is untouched, the staging
# file is left, and the next run writing it removes it.
model_json "$WORK/a.json"
RELUTOPO_FAULT_KILL=file-staged "$RELUTOPO" repair "$WORK/a.json" -o "$WORK/a.json" --in-place >/dev/null 2>&1 && fail "no kill"
cmp -s "$WORK/a.json" <(model_json /dev/stdout) || fail "a.json changed"
ls -A "$WORK" | grep -q '^\.relutopo-.*-a\.json$' || fail "expected the killed run's staging file"
expect 0 repair "$WORK/a.json" -o "$WORK/a.json" --in-place
ls -A "$WORK" | grep -q '^\.relutopo-' && fail "stale staging not removed: $(ls -A "$WORK")"
exit 0
