import CMalloc

/// Process-wide allocator settings for the flow.
public enum AllocatorTuning {
    /// Keeps glibc from serving each mid-sized buffer (the `n × l` arrays of one
    /// field evaluation, 146 KB on breast cancer with l = 32) with a fresh
    /// `mmap` and returning it at once: every evaluation then paid page faults
    /// and zeroing in the kernel. Measured on breast cancer, l = 32, t = 50, with
    /// the same thresholds set through `MALLOC_MMAP_THRESHOLD_`/`MALLOC_TRIM_THRESHOLD_`:
    /// 25.5 s (7.0 s system time) without, 17.0 s (0.01 s system) with
    /// (Notes/BENCHMARKS.md). Thresholds: mmap above 64 MiB, trim above 128 MiB.
    /// Returns whether glibc took the setting (false on other C libraries).
    @discardableResult
    public static func keepMidSizedBuffers() -> Bool {
        relutopo_keep_mid_sized_buffers(64 << 20, 128 << 20) == 1
    }
}
