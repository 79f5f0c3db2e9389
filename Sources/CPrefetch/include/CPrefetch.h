#ifndef FRONTLINE_CPREFETCH_H
#define FRONTLINE_CPREFETCH_H

#include <stddef.h>

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

#endif
