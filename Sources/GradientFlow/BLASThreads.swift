import CBLAS

/// Process-wide OpenBLAS settings for the flow.
public enum BLASThreads {
    /// One BLAS thread. The flow makes tens of thousands of mid-sized products
    /// (455 × 30 × 32 on breast cancer), where waking a second thread costs more
    /// than it saves: measured 23.2 s with one thread against 59.3 s with two
    /// for l = 32 to t = 200 (Notes/BENCHMARKS.md).
    public static func useOne() { openblas_set_num_threads(1) }
}
