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

    /// The index arrays the scoring loops read once per posting, as buffers: their subscripts need
    /// no bounds checks, which were a fifth of the instructions of the loops.
    private struct RawPostings {
        /// ``PostingLists/lowDocs``.
        var docs: UnsafeBufferPointer<UInt16>
        /// ``PostingLists/impacts``.
        var impacts: UnsafeBufferPointer<SearchIndex.Impact>
        /// ``SearchIndex/docArticle``.
        var owners: DocumentOwners.Buffers
    }

    /// Where ranking is in one stem's postings.
    private struct Cursor {
        let stem: Int
        /// The next posting.
        var index: Int
        /// The end of the stem's postings.
        let end: Int
        /// The segment of the next posting, and where the stem's postings in that segment end.
        var segment = 0
        var segmentEnd: Int
    }

    private func rank(
        _ plan: QueryPlan, _ parsed: ParsedQuery, scratch: Scratch, limit: Int, pruning: Bool, postings: RawPostings, blockSize: Int,
        foldsSingleWords: Bool
    ) -> Ranking {
        let docArticle = postings.owners
        let postingDocs = postings.docs
        let postingImpacts = postings.impacts
        // Block-local scratch: entry `d - blockStart` for document `d`.
        let scores = scratch.documentScores
        let matchedDocuments = scratch.matchedDocuments
        let clauseScores = scratch.clauseScores
        let clauseTouched = scratch.clauseTouched
        let sums = scratch.alternativeScores
        let alternativeTouched = scratch.alternativeTouched
        // Every matching article, scored or skipped, for the count.
        let matchedArticles = scratch.skippedArticles
        var coverage = Coverage(plan)
        let order = clauseOrder(plan, parsed, pruning: pruning, coverage: &coverage)

        // Each stem's cursor in its postings, clause by clause and alternative by alternative.
        let lists = self.postings
        var cursors: [Cursor] = []
        for clause in order.clauses {
            for alternative in clause.alternatives {
                for stem in alternative.stems {
                    let range = lists.range(of: Int(stem))
                    cursors.append(
                        Cursor(
                            stem: Int(stem), index: range.lowerBound, end: range.upperBound, segmentEnd: lists.boundary(1, stem: Int(stem)))
                    )
                }
            }
        }

        var required: UInt32 = 0
        for clause in plan.clauses where clause.phrase != nil { required |= clause.positions }
        let filters = parsed.hasFilters || !plan.excludedArticles.isEmpty
        var top = BestOf<RankedArticle>(limit: limit) { self.isBetter($0.score, $0.article, than: $1.score, $1.article) }
        var sections = BestSections()
        var skippedAny = false
        var anyArticle = false
        // The lowest score among the best `limit` once there are that many: an article scoring below
        // it cannot enter, and is turned away without the comparison (a closure call) that ties need.
        var floor = -Float.infinity
        @inline(__always) func finish(_ article: RankedArticle) {
            guard !filters || (!plan.excludedArticles.contains(article.article) && passes(parsed, article: article.article)) else { return }
            matchedArticles.insert(Int(article.article))
            anyArticle = true
            guard article.score >= floor else { return }
            top.offer(article)
            if let lowest = top.full?.last { floor = lowest.score }
        }

        let documentCount = docArticle.count
        var blockStart = 0
        // The count when the index knows it without counting.
        var knownTotal: Int?
        if foldsSingleWords, !filters, required == 0, order.clauses.count == 1, order.clauses[0].alternatives.count == 1,
            order.clauses[0].alternatives[0].stems.count == 1
        {
            // One word with no alternatives: each section has one posting, in section order, so it
            // folds straight into its article, with no block scratch (the same scores in the same
            // order as the blocks give). Every article holding the word matches, so the count is
            // known without reading the sections that score below the results: those are skipped.
            let clause = order.clauses[0]
            let alternative = clause.alternatives[0]
            let stem = Int(alternative.stems[0])
            let factor = impactFactor(stem, alternative) * alternative.weight
            let boost = coverage.boost(clause.positions)
            var least = 0
            var leastFloor = floor
            for segment in 0..<lists.segmentCount {
                let segmentBase = Int32(segment << lists.segmentShift)
                var index = lists.boundary(segment, stem: stem)
                let end = lists.boundary(segment + 1, stem: stem)
                while true {
                    let found = postingImpacts.firstIndex(ofAtLeast: least, from: index, to: end)
                    if found != index { skippedAny = true }
                    index = found
                    guard index < end else { break }
                    let doc = segmentBase &+ Int32(postingDocs[index])
                    let score = Float(postingImpacts[index]) * factor
                    index &+= 1
                    if let article = sections.add(article: docArticle[Int(doc)], doc: doc, score: score * boost) {
                        finish(article)
                        // The floor rises only now and then: most articles leave it as it was.
                        if pruning, floor != leastFloor {
                            leastFloor = floor
                            least = Self.leastImpact(scoring: floor, factor: factor)
                        }
                    }
                }
            }
            knownTotal = Int(stemArticles[stem])
            blockStart = documentCount
        }
        // A query of one clause scores a document by its best alternative (the coverage boost is the
        // same for all), so a posting scoring below the results' floor cannot matter but to the count.
        let skipsBelowFloor = pruning && order.clauses.count == 1 && !filters && required == 0 && order.clauses[0].phrase == nil
        while blockStart < documentCount {
            // Jump to the block of the next posting of any stem.
            var next = Int.max
            for list in cursors.indices where cursors[list].index < cursors[list].end {
                while cursors[list].index >= cursors[list].segmentEnd {
                    cursors[list].segment += 1
                    cursors[list].segmentEnd = lists.boundary(cursors[list].segment + 1, stem: cursors[list].stem)
                }
                next = min(next, cursors[list].segment << lists.segmentShift | Int(postingDocs[cursors[list].index]))
            }
            if next == Int.max { break }
            blockStart = next / blockSize * blockSize
            let blockEnd = Int32(min(documentCount, blockStart + blockSize))
            let base = Int32(blockStart)
            let segment = blockStart >> lists.segmentShift
            let segmentBase = Int32(segment << lists.segmentShift)
            // The `limit`-th best article among those finished: the final results all score at least this.
            let threshold = top.full?.last?.score ?? 0
            var isPruning = false
            var list = 0

            @inline(__always) func add(_ doc: Int32, _ value: Float, _ bits: UInt32) {
                let d = Int(doc &- base)
                if matchedDocuments.contains(d) {
                    scores[d].score += value
                    scores[d].positions |= bits
                } else if isPruning {
                    skippedAny = true
                } else {
                    matchedDocuments.insert(d)
                    scores[d] = Scratch.DocumentScore(score: value, positions: bits)
                }
            }

            for (step, clause) in order.clauses.enumerated() {
                if order.canPrune, !isPruning, step > 0, threshold > 0 { isPruning = order.remainingBound[step] < threshold }
                // The common case, one word with no alternatives: straight into the scores.
                if clause.phrase == nil, clause.alternatives.count == 1, clause.alternatives[0].stems.count == 1 {
                    let alternative = clause.alternatives[0]
                    let stem = Int(alternative.stems[0])
                    defer { list += 1 }
                    guard cursors[list].segment == segment else { continue }
                    let run = PostingRun(
                        docs: postingDocs.baseAddress!, impacts: postingImpacts.baseAddress!, start: cursors[list].index,
                        end: cursors[list].segmentEnd, segmentBase: segmentBase, blockStart: base, blockEnd: blockEnd,
                        factor: impactFactor(stem, alternative) * alternative.weight, positions: clause.positions)
                    if isPruning {
                        let outcome = run.scoreMatched(into: scores, matched: matchedDocuments)
                        cursors[list].index = outcome.next
                        if outcome.skipped { skippedAny = true }
                    } else {
                        cursors[list].index = run.score(into: scores, matched: matchedDocuments)
                    }
                    continue
                }
                let clauseGeneration = scratch.nextGeneration()
                var clauseCount = 0
                @inline(__always) func offer(_ doc: Int32, _ value: Float) {
                    let d = Int(doc &- base)
                    if isPruning, !matchedDocuments.contains(d) {
                        skippedAny = true
                        return
                    }
                    if clauseScores[d].stamp != clauseGeneration {
                        clauseScores[d] = Scratch.ClauseScore(stamp: clauseGeneration, best: value)
                        clauseTouched[clauseCount] = doc
                        clauseCount += 1
                    } else if value > clauseScores[d].best {
                        clauseScores[d].best = value
                    }
                }
                for alternative in clause.alternatives {
                    if alternative.stems.count == 1 {
                        let stem = Int(alternative.stems[0])
                        let factor = impactFactor(stem, alternative) * alternative.weight
                        let least = skipsBelowFloor ? Self.leastImpact(scoring: floor, factor: factor) : 0
                        // The lists come in clause, alternative and stem order.
                        defer { list += 1 }
                        guard cursors[list].segment == segment else { continue }
                        var index = cursors[list].index
                        let end = cursors[list].segmentEnd
                        while index < end {
                            if least > 0 {
                                // Postings skipped past the block would be skipped there too: the floor only rises.
                                let next = postingImpacts.firstIndex(ofAtLeast: least, from: index, to: end)
                                if next != index { skippedAny = true }
                                index = next
                                guard index < end else { break }
                            }
                            let doc = segmentBase &+ Int32(postingDocs[index])
                            if doc >= blockEnd { break }
                            offer(doc, Float(postingImpacts[index]) * factor)
                            index &+= 1
                        }
                        cursors[list].index = index
                        continue
                    }
                    let alternativeGeneration = scratch.nextGeneration()
                    var alternativeCount = 0
                    for stem in alternative.stems {
                        let factor = impactFactor(Int(stem), alternative)
                        defer { list += 1 }
                        guard cursors[list].segment == segment else { continue }
                        var index = cursors[list].index
                        let end = cursors[list].segmentEnd
                        while index < end {
                            let doc = segmentBase &+ Int32(postingDocs[index])
                            if doc >= blockEnd { break }
                            let d = Int(doc &- base)
                            let value = Float(postingImpacts[index]) * factor
                            index &+= 1
                            if sums[d].stamp != alternativeGeneration {
                                sums[d] = Scratch.AlternativeScore(stamp: alternativeGeneration, count: 1, sum: value)
                                alternativeTouched[alternativeCount] = doc
                                alternativeCount += 1
                            } else {
                                sums[d].sum += value
                                sums[d].count += 1
                            }
                        }
                        cursors[list].index = index
                    }
                    let needed = UInt32(alternative.stems.count)
                    for index in 0..<alternativeCount {
                        let doc = alternativeTouched[index]
                        let d = Int(doc &- base)
                        if sums[d].count == needed { offer(doc, sums[d].sum * alternative.weight) }
                    }
                }
                for index in 0..<clauseCount {
                    let doc = clauseTouched[index]
                    if let phrase = clause.phrase, !containsPhrase(phrase, doc: doc) { continue }
                    add(doc, clauseScores[Int(doc &- base)].best, clause.positions)
                }
            }

            // The block's documents → articles (best section), with filters, exclusions and
            // required phrases, in document order.
            for word in 0..<(Int(blockEnd) - blockStart + 63) / 64 {
                var bits = matchedDocuments[word]
                guard bits != 0 else { continue }
                matchedDocuments[word] = 0
                while bits != 0 {
                    let d = word &<< 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let entry = scores[d]
                    guard entry.positions & required == required else { continue }
                    let doc = Int32(blockStart + d)
                    if !filters, entry.score < floor {
                        // Below the results even before the coverage boost (at most 1): the section
                        // can make its article neither enter nor rank higher; it is only counted.
                        matchedArticles.insert(Int(docArticle[Int(doc)]))
                        anyArticle = true
                        continue
                    }
                    let value = entry.score * coverage.boost(entry.positions)
                    if let article = sections.add(article: docArticle[Int(doc)], doc: doc, score: value) { finish(article) }
                }
            }
            blockStart += blockSize
        }
        if let article = sections.finish() { finish(article) }
        var articleCount = 0
        if anyArticle || skippedAny {
            for word in 0..<scratch.articleWords where matchedArticles[word] != 0 {
                articleCount += matchedArticles[word].nonzeroBitCount
                matchedArticles[word] = 0
            }
        }
        if let knownTotal { return Ranking(top: top.elements, total: knownTotal, skippedSections: skippedAny) }
        guard skippedAny else { return Ranking(top: top.elements, total: articleCount) }
        return Ranking(
            top: top.elements, total: estimatedMatches(order.clauses, counted: articleCount), skippedSections: true, isTotalExact: false)
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
    private struct ClauseOrder {
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
    private func clauseOrder(_ plan: QueryPlan, _ parsed: ParsedQuery, pruning: Bool, coverage: inout Coverage) -> ClauseOrder {
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
