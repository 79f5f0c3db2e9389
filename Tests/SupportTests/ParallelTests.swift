import Foundation
import Support
import Testing

/// Work spread over the cores gives what the same loop gives on one.
@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 2, 3, 17, 1_000, 10_007])
    func mapGivesEveryResultInIndexOrder(count: Int) {
        for batches in [1, 16] {
            let squares = Parallel.map(count: count, batchesPerWorker: batches) { $0 * $0 }
            #expect(squares == (0..<count).map { $0 * $0 })
        }
    }

    @Test func mapOfUnevenCostsKeepsOrderAndOwnedValues() {
        // Strings are not trivial: each slot must be initialised once, and freed with the array.
        let words = Parallel.map(count: 500, batchesPerWorker: 16) { index in
            String(repeating: "x", count: index % 37) + "\(index)"
        }
        #expect(words == (0..<500).map { String(repeating: "x", count: $0 % 37) + "\($0)" })
    }

    @Test(arguments: [0, 1, 5, 64, 9_999])
    func fillCoversEveryIndexOnce(count: Int) {
        let calls = Counter()
        let filled: [Int] = Parallel.fill(count: count) { range, slots in
            for index in range {
                slots.initialize(index, to: index * 3)
                calls.add()
            }
        }
        #expect(filled == (0..<count).map { $0 * 3 })
        #expect(calls.value == count)
    }

    @Test func reusePoolLendsOneResourceToOneCallerAtATime() {
        let pool = ReusePool<NSMutableArray>()
        let made = Counter()
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            pool.withResource(
                make: {
                    made.add()
                    return NSMutableArray()
                },
                { array in
                    // Nobody else touches this array while we hold it.
                    array.add(index)
                    #expect(array.count == 1)
                    array.removeAllObjects()
                })
        }
        #expect(made.value >= 1 && made.value <= ProcessInfo.processInfo.activeProcessorCount + 1)
    }

    @Test func aSeededGeneratorRepeatsItsSequence() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        var other = SeededGenerator(seed: 43)
        let a = (0..<100).map { _ in first.next() }
        #expect(a == (0..<100).map { _ in second.next() })
        #expect(a != (0..<100).map { _ in other.next() })
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
