import Foundation

/// An article in the ranking: its index, its best section (document) and the score of that section.
typealias RankedArticle = (article: Int32, doc: Int32, score: Float)

/// The outcome of ranking a query.
struct Ranking {
    /// The best articles, best first.
    var top: [RankedArticle]
    /// How many articles match: exact when ``isTotalExact``, else an estimate (see
    /// ``SearchIndex/estimatedMatches(_:counted:)``).
    var total: Int
    /// Whether some matching sections were skipped as unable to reach the results.
    var skippedSections = false
    /// Whether ``total`` is a count rather than an estimate: skipped sections are not counted.
    var isTotalExact = true
}

extension SearchIndex {
    /// How many documents (sections) are scored together: their scratch entries stay in the
    /// processor's first-level cache (4,096 × 8 bytes per array), where scoring the whole index at
    /// once wrote and read arrays of every section out of order.
    static let rankingBlockSize = 4096

    /// Scores the documents matching the plan and keeps the best `limit` articles, with the number
    /// of articles that match (exact unless sections were skipped).
    ///
    /// Documents are scored in blocks of ``rankingBlockSize``, in document order; each block's
    /// documents become articles (an article's sections are consecutive) before the next block
    /// starts, so the `limit`-th best article so far is known throughout. Within a block, clauses are
    /// scored from the one that can add the most to a score down. Before each clause, if the most
    /// that the clauses left could give a document matching none of the clauses scored so far is
    /// below that `limit`-th best article (the MaxScore bound), the clauses left only add to
    /// documents already scored: a document that only they match cannot reach the results, nor
    /// become the best section of an article that does. Such documents are neither scored nor
    /// counted: the clauses left only look up, by galloping through their postings, the documents
    /// already matched. A query of one clause skips, sixteen impacts at a time, the postings that
    /// score below that `limit`-th best article. Skipped documents make the count an estimate,
    /// except for a single word, whose count is the number of articles holding it.
    ///
    /// - Complexity: proportional to the postings of the clauses scored in full, plus a search
    ///   (logarithmic in the gap) per matched document in each skipping clause.
    func rank(
        _ plan: QueryPlan, _ parsed: ParsedQuery, scratch: Scratch, limit: Int, pruning: Bool = true,
        blockSize: Int = SearchIndex.rankingBlockSize, foldsSingleWords: Bool = true
    ) -> Ranking {
        postings.lowDocs.withUnsafeBufferPointer { docs in
            postings.impacts.withUnsafeBufferPointer { impacts in
                docArticle.withBuffers { owners in
                    let raw = RawPostings(docs: docs, impacts: impacts, owners: owners)
                    // A power of two, so that no block spans two posting segments.
                    let size = max(1, min(blockSize, scratch.blockSize, 1 << self.postings.segmentShift))
                    return rank(
                        plan, parsed, scratch: scratch, limit: limit, pruning: pruning, postings: raw,
                        blockSize: 1 << (Int.bitWidth - 1 - size.leadingZeroBitCount), foldsSingleWords: foldsSingleWords)
                }
            }
        }
    }

    /// The steps of ``RankingPass``: a lone word folds straight into articles; any other query is
    /// scored block by block, from the block of the next posting of any stem.
    private func rank(
        _ plan: QueryPlan, _ parsed: ParsedQuery, scratch: Scratch, limit: Int, pruning: Bool, postings: RawPostings, blockSize: Int,
        foldsSingleWords: Bool
    ) -> Ranking {
        var pass = RankingPass(
            index: self, plan: plan, parsed: parsed, scratch: scratch, limit: limit, pruning: pruning, postings: postings,
            blockSize: blockSize)
        if foldsSingleWords, pass.isLoneWord { return pass.result(knownTotal: pass.foldSingleWord()) }
        var blockStart = 0
        while blockStart < postings.owners.count, let next = pass.nextBlock() {
            pass.scoreBlock(at: next)
            blockStart = next + blockSize
        }
        return pass.result(knownTotal: nil)
    }

    /// An estimate of how many articles match `clauses`, at least the `counted` ones seen: each
    /// alternative's articles (for several stems, the fewest of any) taken as independent of the
    /// others', and never fewer than the most that one word alone matches.
    func estimatedMatches(_ clauses: [Clause], counted: Int) -> Int {
        let articleCount = Double(articles.count)
        guard articleCount > 0 else { return counted }
        var matchingNone = 1.0
        var largest = counted
        for clause in clauses {
            for alternative in clause.alternatives {
                var held = alternative.stems.isEmpty ? 0 : Int.max
                for stem in alternative.stems { held = min(held, Int(stemArticles[Int(stem)])) }
                if alternative.stems.count == 1 { largest = max(largest, held) }
                matchingNone *= 1 - Double(held) / articleCount
            }
        }
        return min(articles.count, max(largest, Int((articleCount * (1 - matchingNone)).rounded())))
    }

    /// The least impact that scores at least `floor` when multiplied by `factor`: 0 when any does,
    /// 256 when none does.
    static func leastImpact(scoring floor: Float, factor: Float) -> Int {
        guard floor > 0 else { return 0 }
        guard factor > 0 else { return 256 }
        var least = Int(min(256, (floor / factor).rounded(.down)))
        while least > 0, Float(least - 1) * factor >= floor { least -= 1 }
        while least < 256, Float(least) * factor < floor { least += 1 }
        return least
    }

    /// The ranking of a query alone, with or without skipping documents (to compare the two), in
    /// blocks of `blockSize` documents; a single word's sections folded straight into articles, or
    /// scored in blocks like any query.
    func ranking(
        _ query: String, limit: Int, pruning: Bool, blockSize: Int = SearchIndex.rankingBlockSize, foldsSingleWords: Bool = true
    ) -> Ranking {
        let parsed = QueryParser.parse(query)
        let plan = plan(parsed)
        guard !plan.clauses.isEmpty, !plan.isUnsatisfiable else { return Ranking(top: [], total: 0) }
        return scratchPool.withScratch {
            rank(plan, parsed, scratch: $0, limit: limit, pruning: pruning, blockSize: blockSize, foldsSingleWords: foldsSingleWords)
        }
    }

    /// The plan's clauses in the order to score them, with what pruning needs.
    struct ClauseOrder {
        var clauses: [Clause]
        /// Whether the query allows skipping documents: free words only, no phrases, filters or
        /// exclusions, and more than one clause.
        var canPrune: Bool
        /// For each step, the most the clauses from it on can give a document only they match.
        var remainingBound: [Float]
    }

    /// The clauses, those that can add the most to a score first; and for each step, the bound on
    /// what the clauses left can give a document that none of the earlier ones matched: the sum of
    /// their highest contributions, times the coverage boost of all their query positions.
    func clauseOrder(_ plan: QueryPlan, _ parsed: ParsedQuery, pruning: Bool, coverage: inout Coverage) -> ClauseOrder {
        let canPrune =
            plan.clauses.count > 1 && !parsed.hasFilters && plan.excludedArticles.isEmpty && plan.clauses.allSatisfy { $0.phrase == nil }
        guard canPrune else { return ClauseOrder(clauses: plan.clauses, canPrune: false, remainingBound: []) }
        let measured = plan.clauses.map { clause -> (clause: Clause, bound: Float, postings: Int) in
            var bound: Float = 0
            var postings = 0
            for alternative in clause.alternatives {
                var sum: Float = 0
                for stem in alternative.stems {
                    let s = Int(stem)
                    sum += Float(stemMaxImpact[s]) * impactFactor(s, alternative)
                    postings += self.postings.count(of: s)
                }
                bound = max(bound, sum * alternative.weight)
            }
            return (clause, bound, postings)
        }
        .sorted { $0.bound != $1.bound ? $0.bound > $1.bound : $0.postings < $1.postings }
        var remainingBound = [Float](repeating: 0, count: measured.count)
        var sum: Float = 0
        var positions: UInt32 = 0
        for step in measured.indices.reversed() {
            sum += measured[step].bound
            positions |= measured[step].clause.positions
            // A little headroom for rounding: the scores add the same terms in other orders.
            remainingBound[step] = sum * coverage.boost(positions) * 1.0001
        }
        // Without pruning the order is the same, so that scores add up in the same order either way.
        return ClauseOrder(clauses: measured.map(\.clause), canPrune: pruning, remainingBound: remainingBound)
    }
}
