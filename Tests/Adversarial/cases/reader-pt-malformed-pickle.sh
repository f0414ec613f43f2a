# Damaged data.pkl: truncated, a memo index never stored, stack underflow
# (REDUCE and TUPLE2 on an empty stack), an unknown opcode, a 16-byte LONG1,
# bytes after STOP, 70 000 nested MARKs, 200 000 nested tuples. Exit 3 within
# the time limit, one line naming the file and (for opcode errors) the byte
# offset in data.pkl; never a trap or a hang.
source "$ADVERSARIAL/lib.sh"
refused "$FIXTURES/pytorch/bad" pt "truncated_pickle:(truncated?)" "memo_out_of_range:data.pkl, byte 5: memo index 200" \
            "stack_underflow:data.pkl, byte 2: the stack is empty" "tuple_underflow:data.pkl, byte 4: the stack is empty" \
            "unknown_opcode:data.pkl, byte 2: opcode 0xFF" "long_integer:an integer of 16 bytes" \
            "trailing_bytes:bytes after STOP" "deep_marks:more than 65536 nested MARKs" \
            "deep_tuples:holds a tuple, not a state dict" "legacy_truncated:(truncated?)"
exit 0
