// glibc's allocator tuning (mallopt), for the buffers of the gradient flow's
// field evaluations. malloc.h is not in Swift's Glibc module, hence this shim.
#ifndef RELUTOPO_CMALLOC_SHIM_H
#define RELUTOPO_CMALLOC_SHIM_H
#include <stdlib.h>   // defines __GLIBC__ on glibc systems
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Serve buffers below `mmap_bytes` from the heap and keep up to `trim_bytes`
/// of free heap instead of returning it to the kernel (glibc mallopt); a no-op
/// elsewhere. Returns 1 when glibc took both settings, 0 otherwise.
static inline int relutopo_keep_mid_sized_buffers(int mmap_bytes, int trim_bytes) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, mmap_bytes) == 1 && mallopt(M_TRIM_THRESHOLD, trim_bytes) == 1;
#else
    (void)mmap_bytes; (void)trim_bytes;
    return 0;
#endif
}
#endif
