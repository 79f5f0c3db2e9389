import Foundation

/// The postings of one stem that fall in one ranking block, scored straight into the block's
/// document scores: the loop of most queries' words, kept apart so that everything it touches stays
/// in registers.
struct PostingRun {
    let docs: UnsafePointer<UInt16>
    let impacts: UnsafePointer<SearchIndex.Impact>
    /// The first posting, and where the stem's postings in this segment end.
    let start: Int
    let end: Int
    /// The first document of the posting segment, and the block's documents.
    let segmentBase: Int32
    let blockStart: Int32
    let blockEnd: Int32
    /// What an impact is multiplied by, and the query positions the stem covers.
    let factor: Float
    let positions: UInt32

    /// Adds each posting's score to its document, marking new documents in `matched`. Returns the
    /// first posting past the block.
    @inline(never)
    func score(into scores: RawBuffer<Scratch.DocumentScore>, matched: RawBitSet) -> Int {
        var index = start
        while index < end {
            let doc = segmentBase &+ Int32(docs[index])
            if doc >= blockEnd { break }
            let d = Int(doc &- blockStart)
            let value = Float(impacts[index]) * factor
            if matched.contains(d) {
                scores[d].score += value
                scores[d].positions |= positions
            } else {
                matched.insert(d)
                scores[d] = Scratch.DocumentScore(score: value, positions: positions)
            }
            index &+= 1
        }
        return index
    }

    /// Adds each posting's score to its document only where the document is already matched (the
    /// clauses left cannot lift a new document into the results). When the block holds more than 24
    /// of the stem's postings per matched document, each matched document is looked up by galloping
    /// through the postings, so most are never read; otherwise every posting is read in turn, with
    /// no branch on whether its document is matched (a branch that went either way at random cost
    /// more than the postings it skipped). Returns the first posting past the block, and whether any
    /// posting in it was skipped.
    @inline(never)
    func scoreMatched(into scores: RawBuffer<Scratch.DocumentScore>, matched: RawBitSet) -> (
        next: Int, skipped: Bool
    ) {
        let low = Int(blockStart &- segmentBase)
        let blockPostingEnd = firstPosting(from: start, atLeast: Int(blockEnd &- segmentBase), before: end)
        let wordCount = (Int(blockEnd &- blockStart) + 63) >> 6
        var matchedCount = 0
        for word in 0..<wordCount { matchedCount &+= matched[word].nonzeroBitCount }
        var found = 0
        if blockPostingEnd &- start < 24 &* matchedCount {
            // Branch-free: every posting adds to its document's entry, nothing where the document is
            // not matched (an entry that is not matched holds nothing that is read).
            for index in start..<blockPostingEnd {
                let d = Int(docs[index]) &- low
                let bit = Int((matched[d &>> 6] &>> UInt64(d & 63)) & 1)
                let mask = UInt32(truncatingIfNeeded: -bit)
                let value = Float(impacts[index]) * factor
                scores[d].score += Float(bitPattern: value.bitPattern & mask)
                scores[d].positions |= positions & mask
                found &+= bit
            }
            return (blockPostingEnd, blockPostingEnd &- start > found)
        }
        var index = start
        for word in 0..<wordCount {
            var bits = matched[word]
            while bits != 0 {
                let d = word &<< 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                index = firstPosting(from: index, atLeast: low &+ d, before: blockPostingEnd)
                guard index < blockPostingEnd else { return (blockPostingEnd, blockPostingEnd &- start > found) }
                if Int(docs[index]) == low &+ d {
                    scores[d].score += Float(impacts[index]) * factor
                    scores[d].positions |= positions
                    found &+= 1
                    index &+= 1
                }
            }
        }
        return (blockPostingEnd, blockPostingEnd &- start > found)
    }

    /// The first posting from `index` on (before `end`) whose document's low bits are at least
    /// `target`: steps doubling from `index`, then a binary search in the last step.
    @inline(__always)
    func firstPosting(from index: Int, atLeast target: Int, before end: Int) -> Int {
        guard index < end, Int(docs[index]) < target else { return index }
        var below = index
        var step = 1
        var above = index &+ 1
        while above < end, Int(docs[above]) < target {
            below = above
            step &<<= 1
            above = below &+ step
        }
        // The posting at `below` is before the target; the first at or past it is in the rest.
        return ((below &+ 1)..<min(above, end)).partitionPoint { Int(docs[$0]) >= target }
    }
}

extension UnsafeBufferPointer<SearchIndex.Impact> {
    /// The first index in `start..<end` whose impact is at least `least` (`end` if none), sixteen
    /// impacts at a time.
    @inline(__always)
    func firstIndex(ofAtLeast least: Int, from start: Int, to end: Int) -> Int {
        guard least > 0 else { return start }
        guard least <= Int(SearchIndex.Impact.max) else { return end }
        let threshold = SearchIndex.Impact(least)
        let base = baseAddress!
        var index = start
        let lanes = SIMD16<SearchIndex.Impact>(repeating: threshold)
        while index &+ 16 <= end {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<SearchIndex.Impact>.self)
            if any(chunk .>= lanes) { break }
            index &+= 16
        }
        while index < end, base[index] < threshold { index &+= 1 }
        return index
    }
}
