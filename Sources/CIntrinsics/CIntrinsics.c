// Most functions are inline, in include/CIntrinsics.h; the loops that gain from the compiler's
// vectoriser live here.
#include "CIntrinsics.h"

// One copy per instruction set, chosen when the program loads: AVX-512 and AVX2 run the loop three
// to four times faster than the SSE2 every x86-64 has.
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx512bw", "avx2", "default")))
#endif
void frontline_dot_rows_i8(const int8_t *rows, size_t row_count, size_t dimension, const int8_t *query, int32_t *out) {
    for (size_t row = 0; row < row_count; row++) {
        const int8_t *values = rows + row * dimension;
        int32_t sum = 0;
        for (size_t index = 0; index < dimension; index++) {
            sum += (int32_t)values[index] * (int32_t)query[index];
        }
        out[row] = sum;
    }
}

