import Testing

@testable import Search

/// The small pieces ranking is built from, each against its plain definition on random inputs.
@Suite struct RankingPiecesTests {
    @Test func aRawBufferIsReadAndWrittenInPlaceLikeAnArray() {
        var generator = SystemRandomNumberGenerator()
        let buffer = RawBuffer(count: 100, repeating: Scratch.DocumentScore(score: 1, positions: 0))
        defer { buffer.deallocate() }
        var plain = [Scratch.DocumentScore](repeating: .init(score: 1, positions: 0), count: 100)
        for _ in 0..<1_000 {
            let index = Int.random(in: 0..<100, using: &generator)
            let value = Float.random(in: 0...5, using: &generator)
            let bit = UInt32(1) << UInt32.random(in: 0..<32, using: &generator)
            buffer[index].score += value
            buffer[index].positions |= bit
            plain[index].score += value
            plain[index].positions |= bit
        }
        #expect((0..<100).allSatisfy { buffer[$0].score == plain[$0].score && buffer[$0].positions == plain[$0].positions })
    }

    @Test func aRawBitSetHoldsWhatWasInsertedAndNothingElse() {
        let set = RawBitSet(words: RawBuffer(count: 4, repeating: 0))
        defer { set.words.deallocate() }
        let inserted: Set<Int> = [0, 1, 63, 64, 65, 127, 200, 255]
        for bit in inserted { set.insert(bit) }
        #expect((0..<256).allSatisfy { set.contains($0) == inserted.contains($0) })
        #expect(set[1] == 0b11 | UInt64(1) << 63)  // bits 64, 65 and 127
        #expect((0..<4).map { set[$0].nonzeroBitCount }.reduce(0, +) == inserted.count)
        set[1] = 0
        #expect(!set.contains(64) && !set.contains(127) && set.contains(63) && set.contains(200))
    }

    @Test func bestOfKeepsTheBestInOrderAsSortingWould() {
        var generator = SystemRandomNumberGenerator()
        for limit in [0, 1, 3, 10] {
            for _ in 0..<50 {
                let values = (0..<Int.random(in: 0...40, using: &generator)).map { _ in Int.random(in: 0...20, using: &generator) }
                var best = BestOf<Int>(limit: limit, isBetter: >)
                for value in values { best.offer(value) }
                #expect(best.elements == Array(values.sorted(by: >).prefix(limit)))
                #expect(best.full == (limit > 0 && values.count >= limit ? best.elements : nil))
            }
        }
    }

    @Test func leastImpactIsTheSmallestImpactThatReachesTheFloor() {
        for _ in 0..<500 {
            let factor = Float.random(in: 0.0001...2)
            let floor = Float.random(in: 0...300) * factor
            let least = SearchIndex.leastImpact(scoring: floor, factor: factor)
            // Plainly: the first impact from 0 to 255 whose score reaches the floor, 256 if none does.
            let plain = (0...255).first { Float($0) * factor >= floor } ?? 256
            #expect(least == plain, "floor \(floor), factor \(factor)")
        }
        #expect(SearchIndex.leastImpact(scoring: 0, factor: 1) == 0)
        #expect(SearchIndex.leastImpact(scoring: 1, factor: 0) == 256)
    }

    @Test func firstIndexOfAtLeastFindsWhatALoopFinds() {
        for _ in 0..<300 {
            let impacts = (0..<Int.random(in: 0...70)).map { _ in SearchIndex.Impact.random(in: 0...40) }
            let least = Int.random(in: 0...45)
            let start = impacts.isEmpty ? 0 : Int.random(in: 0...impacts.count)
            let end = Int.random(in: start...impacts.count)
            let plain = (start..<end).first { Int(impacts[$0]) >= least } ?? end
            let found = impacts.withUnsafeBufferPointer { $0.firstIndex(ofAtLeast: least, from: start, to: end) }
            #expect(found == plain, "\(impacts) least \(least) in \(start)..<\(end)")
        }
    }

    @Test func wordTableFindsEveryWordItHoldsAndCountsOccurrences() {
        var table = WordTable(capacity: 4)
        var generator = SystemRandomNumberGenerator()
        var counts: [String: Int] = [:]
        var order: [String] = []
        for _ in 0..<3000 {
            // Short words collide in their first bytes; long ones differ only past the sixteenth.
            let word =
                Bool.random(using: &generator)
                ? String((0..<Int.random(in: 1...4, using: &generator)).map { _ in "abc".randomElement(using: &generator)! })
                : "abcdefghijklmnopq" + String(Int.random(in: 0...50, using: &generator))
            let bytes = Array(word.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let hash = WordTable.hash(buffer)
                if table.occurrence(of: buffer, hash: hash) == nil {
                    table.insert(buffer, hash: hash, stem: Int32(order.count), isStopWord: false)
                    order.append(word)
                }
            }
            counts[word, default: 0] += 1
        }
        #expect(table.count == order.count)
        let stored = table.occurrenceCounts()
        for (id, word) in order.enumerated() {
            let found = Array(word.utf8).withUnsafeBufferPointer { table.id(of: $0) }
            #expect(found == Int32(id), "\(word)")
            #expect(Int(stored[id]) == counts[word], "\(word)")
        }
        #expect(Array("zzz-not-there".utf8).withUnsafeBufferPointer { table.id(of: $0) } == nil)
    }
}
