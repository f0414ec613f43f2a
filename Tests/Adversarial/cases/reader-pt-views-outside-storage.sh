# Tensor views that lie about their storage: 2^31-1 squared elements over a
# 6-element storage, a size product that overflows, a negative stride, a
# stride-0 view of 2^32 elements (a 16 GB memory bomb from 24 bytes), a view one
# element past its storage, a storage record shorter than data.pkl says, a
# missing one, a dtype unlike its storage's. Exit 3 with one line naming the
# file, at once and in little memory (4 GB of address space at most).
source "$ADVERSARIAL/lib.sh"
ulimit -v 4000000 2>/dev/null || true
refused "$FIXTURES/pytorch/bad" pt "huge_sizes:reaches element 4294967292 of storage 0, which holds 6" "overflow_sizes:is too large" \
            "negative_stride:negative stride -2" "repeat_bomb:repeats the 6 elements of storage 0" \
            "view_past_storage:reaches element 6 of storage 0, which holds 6" "storage_short:archive/data/0 holds 20 bytes" \
            "storage_missing:has no record archive/data/1" "v3_dtype_mismatch:a float64 tensor over a storage of another type" \
            "complex_storage:a tensor type relutopo does not read" "nan_weight:tensor 0.weight, index [1, 0]: NaN"
exit 0
