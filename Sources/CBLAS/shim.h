#ifndef FRONTLINE_CBLAS_SHIM_H
#define FRONTLINE_CBLAS_SHIM_H
// The C interface to BLAS, as OpenBLAS installs it (Debian's libopenblas-dev): only its types are
// used here, and the functions are looked up at run time.
#include <cblas.h>
#include <dlfcn.h>

/// `cblas_sgemm`, as a pointer found with dlsym.
typedef void (*frontline_sgemm_function)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, float,
                                         const float *, blasint, const float *, blasint, float, float *, blasint);
/// `openblas_set_num_threads`.
typedef void (*frontline_set_threads_function)(int);

/// The widest vector instructions this processor runs that OpenBLAS has kernels for: 2 for
/// AVX-512 (F, BW, VL, DQ, CD), 1 for AVX2 with FMA, 0 otherwise.
static inline int frontline_vector_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd")) {
        return 2;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        return 1;
    }
#endif
    return 0;
}

/// Calls a looked-up `cblas_sgemm`.
static inline void frontline_sgemm(frontline_sgemm_function function, int transposeB, int m, int n, int k, float alpha,
                                   const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    function(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
#endif
