/// Hands memory freed after a big build (parse trees, per-thread scratch) back to the system, so
/// that a process holding a large knowledge base stays small. glibc's allocator otherwise keeps freed
/// pages of every thread's arena resident.
public enum FreedMemory {
    /// Releases free pages at the top of the heap and inside it; does nothing where the C library
    /// cannot.
    public static func release() {
        #if os(Linux)
            _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
    /// glibc's `malloc_trim(3)`, which the C library module does not export (it lives in <malloc.h>).
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
