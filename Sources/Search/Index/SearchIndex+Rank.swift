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
            matchedArticles.insertBit(Int(article.article))
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
                if matchedDocuments.containsBit(d) {
                    scores[d].score += value
                    scores[d].positions |= bits
                } else if isPruning {
                    skippedAny = true
                } else {
                    matchedDocuments.insertBit(d)
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
                    if isPruning, !matchedDocuments.containsBit(d) {
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
                        matchedArticles.insertBit(Int(docArticle[Int(doc)]))
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

/// The coverage boost of a document: how much of the query (by position weight) it matched,
/// squared, so that documents matching more of the query rank first.
///
/// A query of up to eight positions has every boost worked out at the start, one per set of
/// positions: the division is slow, and the documents of a block alternate between a few sets.
/// Longer queries remember the last set's boost.
struct Coverage {
    private let weights: [Float]
    private let allPositions: UInt32
    private let total: Float
    /// The boost of each set of positions, by its bits; empty when a query has more than
    /// ``tabulatedPositions`` positions.
    private let boosts: [Float]
    private var lastMatched: UInt32 = 0
    private var lastBoost: Float = -1

    /// The most positions whose boosts are tabulated (256 of them).
    static let tabulatedPositions = 8

    init(_ plan: QueryPlan) {
        weights = plan.positionWeights
        allPositions = plan.allPositions
        total = plan.positionWeights.reduce(0, +)
        let width = UInt32.bitWidth - allPositions.leadingZeroBitCount
        guard width <= Self.tabulatedPositions else {
            boosts = []
            return
        }
        // Each set's weight is the set without its highest position plus that position's weight:
        // the same additions, in the same order, as summing the set's positions from the lowest.
        // The weights are worked out in place first, then turned into boosts.
        var table = [Float](repeating: 0, count: 1 << width)
        for set in table.indices.dropFirst() {
            let highest = Int.bitWidth - 1 - set.leadingZeroBitCount
            let weight = allPositions & (1 << UInt32(highest)) != 0 ? weights[highest] : 0
            table[set] = table[set & ~(1 << highest)] + weight
        }
        for set in table.indices { table[set] = Self.boost(weight: table[set], total: total) }
        boosts = table
    }

    /// The boost of a document that matched the positions `matched` (bits).
    @inline(__always)
    mutating func boost(_ matched: UInt32) -> Float {
        let bits = matched & allPositions
        if !boosts.isEmpty { return boosts[Int(bits)] }
        if matched == lastMatched, lastBoost >= 0 { return lastBoost }
        var matchedWeight: Float = 0
        var remaining = bits
        while remaining != 0 {
            matchedWeight += weights[remaining.trailingZeroBitCount]
            remaining &= remaining &- 1
        }
        lastMatched = matched
        lastBoost = Self.boost(weight: matchedWeight, total: total)
        return lastBoost
    }

    /// The boost of a matched weight of `weight` out of `total`.
    @inline(__always)
    private static func boost(weight: Float, total: Float) -> Float {
        let coverage = total > 0 ? min(1, weight / total) : 1
        let exponent = SearchIndex.Weights.coverage
        return exponent == 2 ? coverage * coverage : pow(coverage, exponent)
    }
}

/// Sections met in document order, folded into their articles: an article's sections are
/// consecutive documents, so an article is complete when the next one starts.
struct BestSections {
    private var current = RankedArticle(article: -1, doc: 0, score: -1)

    /// Takes a section of `article`; returns the previous article, with its best section, when this
    /// section starts a new one.
    @inline(__always)
    mutating func add(article: Int32, doc: Int32, score: Float) -> RankedArticle? {
        if article == current.article {
            if score > current.score { current = (article, doc, score) }
            return nil
        }
        defer { current = (article, doc, score) }
        return current.article >= 0 ? current : nil
    }

    /// The last article, once every section has been added.
    func finish() -> RankedArticle? { current.article >= 0 ? current : nil }
}

/// The best `limit` elements offered so far, best first, in a small sorted array.
struct BestOf<Element> {
    let limit: Int
    private(set) var elements: [Element] = []
    private let isBetter: (Element, Element) -> Bool

    init(limit: Int, isBetter: @escaping (Element, Element) -> Bool) {
        self.limit = limit
        self.isBetter = isBetter
        if limit > 0 { elements.reserveCapacity(limit + 1) }
    }

    /// The elements once there are `limit` of them, else nil.
    var full: [Element]? { limit > 0 && elements.count == limit ? elements : nil }

    /// Keeps `candidate` if it is among the best `limit` so far.
    @inline(__always)
    mutating func offer(_ candidate: Element) {
        if elements.count == limit, let last = elements.last, !isBetter(candidate, last) { return }
        var slot = elements.count
        while slot > 0, isBetter(candidate, elements[slot - 1]) { slot -= 1 }
        elements.insert(candidate, at: slot)
        if elements.count > limit { elements.removeLast() }
    }
}

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
    func score(into scores: UnsafeMutablePointer<Scratch.DocumentScore>, matched: UnsafeMutablePointer<UInt64>) -> Int {
        var index = start
        while index < end {
            let doc = segmentBase &+ Int32(docs[index])
            if doc >= blockEnd { break }
            let d = Int(doc &- blockStart)
            let value = Float(impacts[index]) * factor
            if matched.containsBit(d) {
                scores[d].score += value
                scores[d].positions |= positions
            } else {
                matched.insertBit(d)
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
    func scoreMatched(into scores: UnsafeMutablePointer<Scratch.DocumentScore>, matched: UnsafeMutablePointer<UInt64>) -> (
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
