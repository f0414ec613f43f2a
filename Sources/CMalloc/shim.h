// glibc's allocator tuning (mallopt), for the buffers of the gradient flow's
// field evaluations. malloc.h is not in Swift's Glibc module, hence this shim.
#ifndef RELUTOPO_CMALLOC_SHIM_H
#define RELUTOPO_CMALLOC_SHIM_H
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
