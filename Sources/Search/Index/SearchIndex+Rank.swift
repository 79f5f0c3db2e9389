import Foundation

/// An article in the ranking: its index, its best section (document) and the score of that section.
typealias RankedArticle = (article: Int32, doc: Int32, score: Float)

/// The outcome of ranking a query.
struct Ranking {
    /// The best articles, best first.
    var top: [RankedArticle]
    /// How many articles match.
    var total: Int
    /// Whether some matching sections were skipped as unable to reach the results.
    var skippedSections = false
}

extension SearchIndex {
    /// Scores the documents matching the plan and keeps the best `limit` articles, with the exact
    /// number of articles that match.
    ///
    /// Clauses are scored from the one that can add the most to a score down. Before each clause,
    /// if the most that the clauses left could give a document matching none of the clauses scored
    /// so far is below the `limit`-th best article so far (the MaxScore bound), the clauses left
    /// only add to documents already scored: a document that only they match cannot reach the
    /// results, nor become the best section of an article that does. Such documents are not scored;
    /// their articles are marked in a bit set, so that the count of matching articles stays exact.
    ///
    /// - Complexity: proportional to the postings of the plan's stems; postings whose documents
    ///   are skipped cost a bit test and a bit set each.
    func rank(_ plan: QueryPlan, _ parsed: ParsedQuery, scratch: Scratch, limit: Int, pruning: Bool = true) -> Ranking {
        postingDocs.withUnsafeBufferPointer { docs in
            postingImpacts.withUnsafeBufferPointer { impacts in
                docArticle.withUnsafeBufferPointer { owners in
                    let postings = RawPostings(docs: docs, impacts: impacts, owners: owners)
                    return rank(plan, parsed, scratch: scratch, limit: limit, pruning: pruning, postings: postings)
                }
            }
        }
    }

    /// The index arrays the scoring loops read once per posting, as buffers: their subscripts need
    /// no bounds checks, which were a fifth of the instructions of the loops.
    private struct RawPostings {
        /// ``SearchIndex/postingDocs``.
        var docs: UnsafeBufferPointer<Int32>
        /// ``SearchIndex/postingImpacts``.
        var impacts: UnsafeBufferPointer<UInt16>
        /// ``SearchIndex/docArticle``.
        var owners: UnsafeBufferPointer<Int32>
    }

    private func rank(_ plan: QueryPlan, _ parsed: ParsedQuery, scratch: Scratch, limit: Int, pruning: Bool, postings: RawPostings) -> Ranking {
        let docArticle = postings.owners
        let postingDocs = postings.docs
        let postingImpacts = postings.impacts
        let scores = scratch.documentScores
        let matchedDocuments = scratch.matchedDocuments
        let skippedArticles = scratch.skippedArticles
        // The range of words of `matchedDocuments` with bits set, and how many bits.
        var firstWord = Int.max
        var lastWord = -1
        var scoredCount = 0
        // Once set, only documents already scored take more score; the others only mark their article.
        var isPruning = false
        var skippedAny = false

        var coverage = Coverage(plan)

        @inline(__always) func skip(_ d: Int) {
            skippedArticles.insertBit(Int(docArticle[d]))
            skippedAny = true
        }
        @inline(__always) func add(_ doc: Int32, _ value: Float, _ bits: UInt32) {
            let d = Int(doc)
            if matchedDocuments.containsBit(d) {
                scores[d].score += value
                scores[d].positions |= bits
            } else if isPruning {
                skip(d)
            } else {
                matchedDocuments.insertBit(d)
                scores[d] = Scratch.DocumentScore(score: value, positions: bits)
                firstWord = min(firstWord, d &>> 6)
                lastWord = max(lastWord, d &>> 6)
                scoredCount += 1
            }
        }

        let clauseScores = scratch.clauseScores
        let clauseTouched = scratch.clauseTouched
        let order = clauseOrder(plan, parsed, pruning: pruning, coverage: &coverage)
        // The `limit`-th best article after the first clause, when that clause is one word.
        var firstThreshold: Float?
        for (step, clause) in order.clauses.enumerated() {
            if order.canPrune, !isPruning, step > 0, order.remainingPostings[step] >= scoredCount {
                let threshold =
                    (step == 1 ? firstThreshold : nil)
                    ?? articleThreshold(
                        limit: limit, scratch: scratch, owners: docArticle, firstWord: firstWord, lastWord: lastWord, coverage: &coverage)
                isPruning = order.remainingBound[step] < threshold
            }
            // The common case, one word with no alternatives: straight into the scores.
            if clause.phrase == nil, clause.alternatives.count == 1, clause.alternatives[0].stems.count == 1 {
                let alternative = clause.alternatives[0]
                let stem = Int(alternative.stems[0])
                let factor = impactFactor(stem, alternative) * alternative.weight
                // The first clause, one word, finds the threshold for the next step as it goes:
                // every section it scores matched it alone, and its postings come in document order.
                let findsThreshold = step == 0 && order.canPrune
                let boost = findsThreshold ? coverage.boost(clause.positions) : 1
                var best = BestOf<Float>(limit: findsThreshold ? limit : 0, isBetter: >)
                var sections = BestSections()
                for index in Int(postingOffsets[stem])..<Int(postingOffsets[stem + 1]) {
                    let doc = postingDocs[index]
                    let value = Float(postingImpacts[index]) * factor
                    add(doc, value, clause.positions)
                    if findsThreshold, let article = sections.add(article: docArticle[Int(doc)], doc: doc, score: value) {
                        best.offer(article.score * boost)
                    }
                }
                if findsThreshold {
                    if let article = sections.finish() { best.offer(article.score * boost) }
                    firstThreshold = best.full?.last ?? 0
                }
                continue
            }
            let clauseGeneration = scratch.nextGeneration()
            var clauseCount = 0
            @inline(__always) func offer(_ doc: Int32, _ value: Float) {
                let d = Int(doc)
                if isPruning, !matchedDocuments.containsBit(d) {
                    skip(d)
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
                    for index in Int(postingOffsets[stem])..<Int(postingOffsets[stem + 1]) {
                        offer(postingDocs[index], Float(postingImpacts[index]) * factor)
                    }
                    continue
                }
                let alternativeGeneration = scratch.nextGeneration()
                var alternativeCount = 0
                let sums = scratch.alternativeScores
                let alternativeTouched = scratch.alternativeTouched
                for stem in alternative.stems {
                    let s = Int(stem)
                    let factor = impactFactor(s, alternative)
                    for index in Int(postingOffsets[s])..<Int(postingOffsets[s + 1]) {
                        let doc = postingDocs[index]
                        let d = Int(doc)
                        let value = Float(postingImpacts[index]) * factor
                        if sums[d].stamp != alternativeGeneration {
                            sums[d] = Scratch.AlternativeScore(stamp: alternativeGeneration, count: 1, sum: value)
                            alternativeTouched[alternativeCount] = doc
                            alternativeCount += 1
                        } else {
                            sums[d].sum += value
                            sums[d].count += 1
                        }
                    }
                }
                let needed = UInt32(alternative.stems.count)
                for index in 0..<alternativeCount {
                    let doc = alternativeTouched[index]
                    if sums[Int(doc)].count == needed { offer(doc, sums[Int(doc)].sum * alternative.weight) }
                }
            }
            for index in 0..<clauseCount {
                let doc = clauseTouched[index]
                if let phrase = clause.phrase, !containsPhrase(phrase, doc: doc) { continue }
                add(doc, clauseScores[Int(doc)].best, clause.positions)
            }
        }

        // Documents → articles (best section), with filters, exclusions and required phrases, in
        // document order: an article's sections are consecutive documents.
        var required: UInt32 = 0
        for clause in plan.clauses where clause.phrase != nil { required |= clause.positions }
        let filters = parsed.hasFilters || !plan.excludedArticles.isEmpty
        var top = BestOf<RankedArticle>(limit: limit) { self.isBetter($0.score, $0.article, than: $1.score, $1.article) }
        var articleCount = 0
        func finish(_ article: RankedArticle) {
            guard !filters || (!plan.excludedArticles.contains(article.article) && passes(parsed, article: article.article)) else { return }
            if skippedAny {
                skippedArticles.insertBit(Int(article.article))
            } else {
                articleCount += 1
            }
            top.offer(article)
        }
        var sections = BestSections()
        if lastWord >= 0 {
            for word in firstWord...lastWord {
                var bits = matchedDocuments[word]
                matchedDocuments[word] = 0
                while bits != 0 {
                    let d = word &<< 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let entry = scores[d]
                    guard entry.positions & required == required else { continue }
                    let value = entry.score * coverage.boost(entry.positions)
                    if let article = sections.add(article: docArticle[d], doc: Int32(d), score: value) { finish(article) }
                }
            }
        }
        if let article = sections.finish() { finish(article) }
        if skippedAny {
            // Every matching article was marked: the skipped ones while scoring, the rest just now.
            for word in 0..<scratch.articleWords where skippedArticles[word] != 0 {
                articleCount += skippedArticles[word].nonzeroBitCount
                skippedArticles[word] = 0
            }
        }
        return Ranking(top: top.elements, total: articleCount, skippedSections: skippedAny)
    }

    /// The ranking of a query alone, with or without skipping documents (to compare the two).
    func ranking(_ query: String, limit: Int, pruning: Bool) -> Ranking {
        let parsed = QueryParser.parse(query)
        let plan = plan(parsed)
        guard !plan.clauses.isEmpty, !plan.isUnsatisfiable else { return Ranking(top: [], total: 0) }
        return scratchPool.withScratch { rank(plan, parsed, scratch: $0, limit: limit, pruning: pruning) }
    }

    /// The plan's clauses in the order to score them, with what pruning needs.
    private struct ClauseOrder {
        var clauses: [Clause]
        /// Whether the query allows skipping documents: free words only, no phrases, filters or
        /// exclusions, and more than one clause.
        var canPrune: Bool
        /// For each step, the most the clauses from it on can give a document only they match.
        var remainingBound: [Float]
        /// For each step, the postings of the clauses from it on.
        var remainingPostings: [Int]
    }

    /// The clauses, those that can add the most to a score first; and for each step, the bound on
    /// what the clauses left can give a document that none of the earlier ones matched: the sum of
    /// their highest contributions, times the coverage boost of all their query positions.
    private func clauseOrder(_ plan: QueryPlan, _ parsed: ParsedQuery, pruning: Bool, coverage: inout Coverage) -> ClauseOrder {
        let canPrune =
            plan.clauses.count > 1 && !parsed.hasFilters && plan.excludedArticles.isEmpty && plan.clauses.allSatisfy { $0.phrase == nil }
        guard canPrune else { return ClauseOrder(clauses: plan.clauses, canPrune: false, remainingBound: [], remainingPostings: []) }
        let measured = plan.clauses.map { clause -> (clause: Clause, bound: Float, postings: Int) in
            var bound: Float = 0
            var postings = 0
            for alternative in clause.alternatives {
                var sum: Float = 0
                for stem in alternative.stems {
                    let s = Int(stem)
                    sum += Float(stemMaxImpact[s]) * impactFactor(s, alternative)
                    postings += Int(postingOffsets[s + 1] - postingOffsets[s])
                }
                bound = max(bound, sum * alternative.weight)
            }
            return (clause, bound, postings)
        }
        .sorted { $0.bound != $1.bound ? $0.bound > $1.bound : $0.postings < $1.postings }
        var remainingBound = [Float](repeating: 0, count: measured.count)
        var remainingPostings = [Int](repeating: 0, count: measured.count)
        var sum: Float = 0
        var positions: UInt32 = 0
        var postings = 0
        for step in measured.indices.reversed() {
            sum += measured[step].bound
            positions |= measured[step].clause.positions
            postings += measured[step].postings
            // A little headroom for rounding: the scores add the same terms in other orders.
            remainingBound[step] = sum * coverage.boost(positions) * 1.0001
            remainingPostings[step] = postings
        }
        // Without pruning the order is the same, so that scores add up in the same order either way.
        return ClauseOrder(clauses: measured.map(\.clause), canPrune: pruning, remainingBound: remainingBound, remainingPostings: remainingPostings)
    }

    /// The `limit`-th best article score among the documents scored so far (0 if fewer articles):
    /// scores only grow as clauses are added, so the final results all score at least this.
    /// (`firstWord` and `lastWord` bound the words of the document bit set with bits set; none if
    /// `lastWord` is below `firstWord`.)
    private func articleThreshold(
        limit: Int, scratch: Scratch, owners docArticle: UnsafeBufferPointer<Int32>, firstWord: Int, lastWord: Int, coverage: inout Coverage
    ) -> Float {
        guard firstWord <= lastWord else { return 0 }
        var best = BestOf<Float>(limit: limit, isBetter: >)
        var sections = BestSections()
        for word in firstWord...lastWord {
            var bits = scratch.matchedDocuments[word]
            while bits != 0 {
                let d = word &<< 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                let entry = scratch.documentScores[d]
                let value = entry.score * coverage.boost(entry.positions)
                if let article = sections.add(article: docArticle[d], doc: Int32(d), score: value) { best.offer(article.score) }
            }
        }
        if let article = sections.finish() { best.offer(article.score) }
        return best.full?.last ?? 0
    }
}

/// The coverage boost of a document: how much of the query (by position weight) it matched,
/// squared, so that documents matching more of the query rank first. Most documents match the same
/// few sets of query words, so the last set's boost is remembered.
struct Coverage {
    private let weights: [Float]
    private let allPositions: UInt32
    private let total: Float
    private var lastMatched: UInt32 = 0
    private var lastBoost: Float = -1

    init(_ plan: QueryPlan) {
        weights = plan.positionWeights
        allPositions = plan.allPositions
        total = plan.positionWeights.reduce(0, +)
    }

    /// The boost of a document that matched the positions `matched` (bits).
    @inline(__always)
    mutating func boost(_ matched: UInt32) -> Float {
        if matched == lastMatched, lastBoost >= 0 { return lastBoost }
        var matchedWeight: Float = 0
        var bits = matched & allPositions
        while bits != 0 {
            matchedWeight += weights[bits.trailingZeroBitCount]
            bits &= bits &- 1
        }
        let coverage = total > 0 ? min(1, matchedWeight / total) : 1
        let exponent = SearchIndex.Weights.coverage
        lastMatched = matched
        lastBoost = exponent == 2 ? coverage * coverage : pow(coverage, exponent)
        return lastBoost
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
