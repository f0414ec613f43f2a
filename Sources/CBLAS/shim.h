// OpenBLAS's CBLAS interface (apt: libopenblas-dev), for the dense kernels of the gradient flow.
#ifndef RELUTOPO_CBLAS_SHIM_H
#define RELUTOPO_CBLAS_SHIM_H
#include <cblas.h>
#endif
