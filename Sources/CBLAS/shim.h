// OpenBLAS's CBLAS interface (apt: libopenblas-dev), for the dense kernels of the gradient flow,
// and the glibc allocator setting those kernels' buffers need (malloc.h is not in Swift's Glibc module).
#ifndef RELUTOPO_CBLAS_SHIM_H
#define RELUTOPO_CBLAS_SHIM_H
#include <cblas.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Serve buffers below `mmap_bytes` from the heap and keep up to `trim_bytes`
/// of free heap instead of returning it to the kernel (glibc mallopt); a no-op elsewhere.
static inline void relutopo_keep_mid_sized_buffers(int mmap_bytes, int trim_bytes) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, mmap_bytes);
    mallopt(M_TRIM_THRESHOLD, trim_bytes);
#else
    (void)mmap_bytes; (void)trim_bytes;
#endif
}
#endif
