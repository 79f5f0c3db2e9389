/// A fixed number of elements in raw memory, for the ranking loops' working buffers: no
/// copy-on-write and no exclusivity checks, and every index checked in debug builds only (release
/// builds read and write in place, as through a pointer). The owner frees it with ``deallocate()``.
struct RawBuffer<Element> {
    /// The first element.
    let base: UnsafeMutablePointer<Element>
    /// How many elements there are.
    let count: Int

    /// `count` elements, each `value`.
    init(count: Int, repeating value: Element) {
        base = .allocate(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// The element at `index`, read and written in place.
    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(index >= 0 && index < count, "index \(index) is outside a buffer of \(count)")
            return UnsafePointer(base + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(index >= 0 && index < count, "index \(index) is outside a buffer of \(count)")
            return base + index
        }
    }

    /// Frees the memory; the buffer must not be used again.
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
