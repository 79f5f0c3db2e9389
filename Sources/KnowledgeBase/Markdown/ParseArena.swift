import CCmarkGFM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bump allocator for cmark-gfm, one per thread, emptied after each document.
///
/// cmark allocates every node, line buffer and inline delimiter on its own, and frees each again
/// when the tree is dropped; at 10,000 articles that traffic was a fifth of loading's CPU time.
/// Parsed into this arena, a document's allocations are a pointer bump each, freeing is nothing, and
/// the whole arena is reused for the next document. An allocation that does not fit (a document far
/// larger than an article) falls through to the system allocator, so any document still parses.
///
/// Only ``Markdown`` uses it, through ``withThreadArena(_:)``: the parser and the tree must be freed
/// on the thread that parsed them, before the closure returns.
final class ParseArena {
    /// Room for one document's parse: a 4 KB article takes 16-48 KB.
    static let capacity = 512 * 1024
    /// Each allocation is preceded by its size (for `realloc`), in a header that keeps 16-byte alignment.
    private static let headerSize = 16

    private let base: UnsafeMutableRawPointer
    private var used = 0

    private init() {
        base = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: Self.headerSize)
    }

    deinit { base.deallocate() }

    /// Runs `body` with an allocator for `cmark_parser_new_with_mem` that hands out this thread's
    /// arena; everything allocated from the arena is reclaimed when `body` returns.
    static func withThreadArena<Result>(_ body: (UnsafeMutablePointer<cmark_mem>) -> Result) -> Result {
        let arena = current()
        defer { arena.used = 0 }
        return body(allocator)
    }

    /// The calling thread's arena, made on first use and released when the thread exits.
    private static func current() -> ParseArena {
        if let pointer = pthread_getspecific(threadKey) {
            return Unmanaged<ParseArena>.fromOpaque(pointer).takeUnretainedValue()
        }
        let arena = ParseArena()
        pthread_setspecific(threadKey, Unmanaged.passRetained(arena).toOpaque())
        return arena
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<ParseArena>.fromOpaque(pointer).release()
        }
        return key
    }()

    /// cmark keeps the allocator's address in its parser and nodes, so it lives for the process.
    nonisolated(unsafe) private static let allocator: UnsafeMutablePointer<cmark_mem> = {
        let pointer = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        pointer.initialize(
            to: cmark_mem(
                calloc: { count, size in
                    let bytes = count * size
                    guard let block = ParseArena.current().allocate(bytes) else { return calloc(count, size) }
                    memset(block, 0, bytes)
                    return block
                },
                realloc: { block, size in ParseArena.current().reallocate(block, to: size) },
                free: { block in
                    guard let block, !ParseArena.current().contains(block) else { return }
                    free(block)
                }))
        return pointer
    }()

    @inline(__always)
    private func contains(_ block: UnsafeMutableRawPointer) -> Bool {
        block >= base && block < base + Self.capacity
    }

    /// `size` bytes from the arena (not zeroed), or nil when they do not fit.
    private func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let total = (size + 2 * Self.headerSize - 1) & ~(Self.headerSize - 1)
        guard total <= Self.capacity - used else { return nil }
        let header = base + used
        used += total
        header.storeBytes(of: size, as: Int.self)
        return header + Self.headerSize
    }

    /// `realloc` over both kinds of block: the system's own stay with the system; an arena block
    /// moves to a new arena block (or a system one, when the arena is full).
    private func reallocate(_ block: UnsafeMutableRawPointer?, to size: Int) -> UnsafeMutableRawPointer? {
        guard let block else { return allocate(size) ?? malloc(size) }
        guard contains(block) else { return realloc(block, size) }
        let oldSize = (block - Self.headerSize).load(as: Int.self)
        guard let moved = allocate(size) ?? malloc(size) else { return nil }
        memcpy(moved, block, min(oldSize, size))
        return moved
    }
}
