import Foundation

/// Work spread over every core, each worker writing only its own slots of the result: the one
/// place that shares memory between threads without a lock, so that no module writes its own.
public enum Parallel {
    /// `transform(index)` for each index of `0..<count`, in index order, computed on every core.
    ///
    /// Work is handed out in batches as workers free up (`batchesPerWorker` of them each), so that
    /// items of uneven cost keep every core busy to the end; below `serialBelow` items the loop runs
    /// on the calling thread.
    public static func map<Output>(count: Int, batchesPerWorker: Int = 1, serialBelow: Int = 2, _ transform: @Sendable (Int) -> Output)
        -> [Output]
    {
        guard count >= max(2, serialBelow) else { return (0..<count).map(transform) }
        return [Output](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = Slots(buffer)
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let batch = max(1, count / (workers * max(1, batchesPerWorker)))
            let batches = (count + batch - 1) / batch
            DispatchQueue.concurrentPerform(iterations: batches) { batchIndex in
                for index in (batchIndex * batch)..<min(count, (batchIndex + 1) * batch) {
                    slots.initialize(index, to: transform(index))
                }
            }
            initialized = count
        }
    }

    /// `count` elements filled on every core: `fill(range, slots)` for one contiguous range of
    /// indexes per core, which must initialise every element of its range.
    public static func fill<Element>(count: Int, _ fill: @Sendable (Range<Int>, Slots<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = Slots(buffer)
            let parts = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount))
            let step = (count + parts - 1) / max(1, parts)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                fill((part * step)..<min(count, (part + 1) * step), slots)
            }
            initialized = count
        }
    }

    /// A buffer that several workers write at once, each only its own slots (debug builds check every
    /// index, as the buffer pointer does).
    public struct Slots<Element>: @unchecked Sendable {
        /// The whole buffer.
        public let buffer: UnsafeMutableBufferPointer<Element>

        public init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }

        /// Writes `value` to the uninitialised slot `index`.
        @inline(__always)
        public func initialize(_ index: Int, to value: Element) {
            buffer.initializeElement(at: index, to: value)
        }

        /// The element at `index`, of a trivial type or already initialised.
        public subscript(index: Int) -> Element {
            @inline(__always) get { buffer[index] }
            @inline(__always) nonmutating set { buffer[index] = newValue }
        }
    }
}
