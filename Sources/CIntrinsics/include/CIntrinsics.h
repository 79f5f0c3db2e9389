#ifndef FRONTLINE_CINTRINSICS_H
#define FRONTLINE_CINTRINSICS_H

// What Swift cannot say to the processor: cache prefetch hints, and sixteen-byte comparisons whose
// results come back as bits. Each function is inline and has a plain C version for processors
// without SSE2.

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the processor to start loading the cache line holding `address`, without waiting for it
/// and without faulting: a hint that the memory is about to be read.
static inline void frontline_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Asks the processor to start loading every cache line of `length` bytes from `start`, up to
/// `limit` bytes (a hint, as frontline_prefetch).
static inline void frontline_prefetch_bytes(const void *start, size_t length, size_t limit) {
    const char *bytes = (const char *)start;
    size_t end = length < limit ? length : limit;
    for (size_t offset = 0; offset < end; offset += 64) {
        __builtin_prefetch(bytes + offset, 0, 3);
    }
}

/// Asks the processor to start loading every cache line that holds a byte of the `length` bytes
/// from `start` (a hint, as frontline_prefetch): for a record that may straddle lines.
static inline void frontline_prefetch_lines(const void *start, size_t length) {
    uintptr_t first = (uintptr_t)start & ~(uintptr_t)63;
    uintptr_t end = (uintptr_t)start + length;
    for (uintptr_t line = first; line < end; line += 64) {
        __builtin_prefetch((const void *)line, 0, 3);
    }
}

/// Two bits per byte of 64 bytes of text, first byte lowest: the bytes that can be in a word
/// (ASCII letters and digits, and every byte of a multi-byte character), and the bytes that need
/// a closer look (every byte of a multi-byte character, and `-`, `'`, `,`, `.` and `$`, which can
/// join words or start an amount). These are the Search module's `WordByte` definitions, which the
/// tests check both branches below against, byte value by byte value.
typedef struct {
    uint64_t word;
    uint64_t special;
} frontline_text_bits;

#if defined(__SSE2__)
/// The bytes of `v` in `low...low + span` (unsigned), as 0xFF lanes.
static inline __m128i frontline_in_range(__m128i v, char low, char span) {
    __m128i offset = _mm_sub_epi8(v, _mm_set1_epi8(low));
    return _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(span)), offset);
}
#endif

/// Classifies the 64 bytes at `bytes` (see frontline_text_bits).
static inline frontline_text_bits frontline_classify64(const uint8_t *bytes) {
    frontline_text_bits bits = {0, 0};
#if defined(__SSE2__)
    for (int lane = 0; lane < 4; lane++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + 16 * lane));
        __m128i letter = frontline_in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z' - 'a');
        __m128i digit = frontline_in_range(v, '0', '9' - '0');
        __m128i punctuation = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
                _mm_cmpeq_epi8(v, _mm_set1_epi8('$'))));
        uint64_t high = (uint64_t)(uint32_t)_mm_movemask_epi8(v);
        uint64_t word = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, digit)) | high;
        uint64_t special = (uint64_t)(uint32_t)_mm_movemask_epi8(punctuation) | high;
        bits.word |= word << (16 * lane);
        bits.special |= special << (16 * lane);
    }
#else
    for (int index = 0; index < 64; index++) {
        uint8_t byte = bytes[index];
        uint8_t lower = byte | 0x20;
        int isHigh = byte >= 0x80;
        int isWord = (lower >= 'a' && lower <= 'z') || (byte >= '0' && byte <= '9') || isHigh;
        int isSpecial = isHigh || byte == '-' || byte == '\'' || byte == ',' || byte == '.' || byte == '$';
        bits.word |= (uint64_t)isWord << index;
        bits.special |= (uint64_t)isSpecial << index;
    }
#endif
    return bits;
}

/// The dot product of `query` with each of `row_count` rows of `dimension` signed bytes, laid out
/// one after another from `rows`, as exact 32-bit sums into `out`: the similarity of a query to
/// quantised vectors. Written as a plain loop that compilers turn into SIMD multiply-adds.
void frontline_dot_rows_i8(const int8_t *rows, size_t row_count, size_t dimension, const int8_t *query, int32_t *out);

/// A dense layer for a few rows: `output = input · Wᵀ + bias`, for `rows` rows of `inputs` floats in
/// and `outputs` floats out, with `W` laid out in panels of 32 outputs (``outputs`` a multiple of
/// 32): panel `p` holds, for each input `k`, the weights of outputs `32p` to `32p + 31`, in order.
///
/// Each panel is read once for all the rows, straight through, where a general matrix product
/// first copies the whole matrix into its own layout: twice as fast for a query's ten rows, slower
/// from about 40 rows on.
void frontline_dense_panels(const float *input, size_t rows, size_t inputs, const float *panels, size_t outputs, const float *bias,
                            float *output);

/// The number of bits in which each of `row_count` rows of `words` 64-bit words, laid out one after
/// another from `rows`, differs from `query`, into `out`: how far apart two vectors' signs are, a
/// quick first estimate of how far apart they point.
void frontline_hamming_rows(const uint64_t *rows, size_t row_count, size_t words, const uint64_t *query, uint16_t *out);

#endif
