import CIntrinsics
import KnowledgeBase

/// Memory for the word lists of snippets, kept with a query's scratch and grown to the longest
/// text met: a section's lists take about ten bytes per byte of text, more than a stack
/// allocation may hold, and allocating them for every hit cost more than the rest of its
/// bookkeeping (a large allocation makes the C library tidy its lists of small free blocks).
final class SnippetStorage {
    private var base: UnsafeMutablePointer<Int32>
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Room for at least `count` values, valid until the next call.
    func reserve(_ count: Int) -> UnsafeMutablePointer<Int32> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, 2 * capacity)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}
