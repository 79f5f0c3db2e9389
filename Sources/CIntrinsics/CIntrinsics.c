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


// Sixteen floats, the width of one AVX-512 register (two AVX2 ones).
typedef float frontline_f32x16 __attribute__((vector_size(64), aligned(4)));

// Four rows of the output's 32 columns of one panel: eight sums kept in registers while the panel is
// read once, top to bottom.
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx512f", "arch=haswell", "default")))
#endif
void frontline_dense_panels(const float *input, size_t rows, size_t inputs, const float *panels, size_t outputs, const float *bias,
                            float *output) {
    for (size_t column = 0; column < outputs; column += 32) {
        const float *panel = panels + column * inputs;
        const frontline_f32x16 bias0 = *(const frontline_f32x16 *)(bias + column);
        const frontline_f32x16 bias1 = *(const frontline_f32x16 *)(bias + column + 16);
        size_t row = 0;
        for (; row + 4 <= rows; row += 4) {
            const float *x0 = input + row * inputs, *x1 = x0 + inputs, *x2 = x1 + inputs, *x3 = x2 + inputs;
            frontline_f32x16 a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
            const float *weights = panel;
            for (size_t k = 0; k < inputs; k++, weights += 32) {
                const frontline_f32x16 w0 = *(const frontline_f32x16 *)weights;
                const frontline_f32x16 w1 = *(const frontline_f32x16 *)(weights + 16);
                a00 += x0[k] * w0;
                a01 += x0[k] * w1;
                a10 += x1[k] * w0;
                a11 += x1[k] * w1;
                a20 += x2[k] * w0;
                a21 += x2[k] * w1;
                a30 += x3[k] * w0;
                a31 += x3[k] * w1;
            }
            float *y = output + row * outputs + column;
            *(frontline_f32x16 *)y = a00;
            *(frontline_f32x16 *)(y + 16) = a01;
            *(frontline_f32x16 *)(y + outputs) = a10;
            *(frontline_f32x16 *)(y + outputs + 16) = a11;
            *(frontline_f32x16 *)(y + 2 * outputs) = a20;
            *(frontline_f32x16 *)(y + 2 * outputs + 16) = a21;
            *(frontline_f32x16 *)(y + 3 * outputs) = a30;
            *(frontline_f32x16 *)(y + 3 * outputs + 16) = a31;
        }
        for (; row < rows; row++) {
            const float *x0 = input + row * inputs;
            frontline_f32x16 a00 = bias0, a01 = bias1;
            const float *weights = panel;
            for (size_t k = 0; k < inputs; k++, weights += 32) {
                a00 += x0[k] * *(const frontline_f32x16 *)weights;
                a01 += x0[k] * *(const frontline_f32x16 *)(weights + 16);
            }
            *(frontline_f32x16 *)(output + row * outputs + column) = a00;
            *(frontline_f32x16 *)(output + row * outputs + column + 16) = a01;
        }
    }
}

#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx512vpopcntdq", "popcnt", "default")))
#endif
void frontline_hamming_rows(const uint64_t *rows, size_t row_count, size_t words, const uint64_t *query, uint16_t *out) {
    for (size_t row = 0; row < row_count; row++) {
        const uint64_t *bits = rows + row * words;
        uint32_t distance = 0;
        for (size_t word = 0; word < words; word++) {
            distance += (uint32_t)__builtin_popcountll(bits[word] ^ query[word]);
        }
        out[row] = (uint16_t)distance;
    }
}
