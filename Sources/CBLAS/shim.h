#ifndef FRONTLINE_CBLAS_SHIM_H
#define FRONTLINE_CBLAS_SHIM_H
// The C interface to BLAS, as OpenBLAS installs it (Debian's libopenblas-dev).
#include <cblas.h>
#endif
