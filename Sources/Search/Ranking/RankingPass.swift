import Foundation

/// The index arrays the scoring loops read once per posting, as buffers: their subscripts need
/// no bounds checks, which were a fifth of the instructions of the loops.
struct RawPostings {
    /// ``PostingLists/lowDocs``.
    var docs: UnsafeBufferPointer<UInt16>
    /// ``PostingLists/impacts``.
    var impacts: UnsafeBufferPointer<SearchIndex.Impact>
    /// ``SearchIndex/docArticle``.
    var owners: DocumentOwners.Buffers
}

/// One query's ranking in progress (see ``SearchIndex/rank(_:_:scratch:limit:pruning:blockSize:foldsSingleWords:)``):
/// where it is in each stem's postings, the best articles so far, and the block being scored.
///
/// The steps, in order: ``foldSingleWord()`` for a lone word, else ``nextBlock(from:)`` and
/// ``scoreBlock(at:)`` until the postings run out; then ``result(knownTotal:)``.
struct RankingPass {
    /// Where ranking is in one stem's postings.
    struct Cursor {
        let stem: Int
        /// The next posting.
        var index: Int
        /// The end of the stem's postings.
        let end: Int
        /// The segment of the next posting, and where the stem's postings in that segment end.
        var segment = 0
        var segmentEnd: Int
    }

    /// The block of documents being scored.
    struct Block {
        /// Its first document, and the one past its last.
        let start: Int32
        let end: Int32
        /// The posting segment it lies in, and that segment's first document.
        let segment: Int
        let segmentBase: Int32
        /// Whether the clauses left may only add to documents already matched (the MaxScore bound).
        var isPruning = false
        /// The cursor of the next stem to score, in clause, alternative and stem order.
        var list = 0
    }

    let index: SearchIndex
    let plan: QueryPlan
    let parsed: ParsedQuery
    let scratch: Scratch
    let postings: RawPostings
    let blockSize: Int
    let order: SearchIndex.ClauseOrder
    var coverage: Coverage
    /// Whether articles must pass filters or exclusions.
    let filters: Bool
    /// The query positions of phrases, which a document must hold all of.
    let required: UInt32
    /// Whether postings scoring below the results' floor are skipped in a one-clause query.
    let skipsBelowFloor: Bool
    let pruning: Bool

    var cursors: [Cursor] = []
    var top: BestOf<RankedArticle>
    var sections = BestSections()
    var skippedAny = false
    var anyArticle = false
    /// The lowest score among the best `limit` once there are that many: an article scoring below
    /// it cannot enter, and is turned away without the comparison (a closure call) that ties need.
    var floor = -Float.infinity

    init(
        index: SearchIndex, plan: QueryPlan, parsed: ParsedQuery, scratch: Scratch, limit: Int, pruning: Bool, postings: RawPostings,
        blockSize: Int
    ) {
        self.index = index
        self.plan = plan
        self.parsed = parsed
        self.scratch = scratch
        self.postings = postings
        self.blockSize = blockSize
        self.pruning = pruning
        var coverage = Coverage(plan)
        order = index.clauseOrder(plan, parsed, pruning: pruning, coverage: &coverage)
        self.coverage = coverage
        var required: UInt32 = 0
        for clause in plan.clauses where clause.phrase != nil { required |= clause.positions }
        self.required = required
        filters = parsed.hasFilters || !plan.excludedArticles.isEmpty
        // A query of one clause scores a document by its best alternative (the coverage boost is the
        // same for all), so a posting scoring below the results' floor cannot matter but to the count.
        skipsBelowFloor = pruning && order.clauses.count == 1 && !filters && required == 0 && order.clauses[0].phrase == nil
        top = BestOf<RankedArticle>(limit: limit) { [index] in index.isBetter($0.score, $0.article, than: $1.score, $1.article) }
        let lists = index.postings
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
    }

    /// Whether the query is one word with no alternatives, filters or phrases: its sections fold
    /// straight into articles (see ``foldSingleWord()``).
    var isLoneWord: Bool {
        !filters && required == 0 && order.clauses.count == 1 && order.clauses[0].alternatives.count == 1
            && order.clauses[0].alternatives[0].stems.count == 1
    }

    /// Offers a finished article to the results, after filters and exclusions, and counts it.
    @inline(__always) mutating func finish(_ article: RankedArticle) {
        guard !filters || (!plan.excludedArticles.contains(article.article) && index.passes(parsed, article: article.article)) else {
            return
        }
        scratch.skippedArticles.insert(Int(article.article))
        anyArticle = true
        guard article.score >= floor else { return }
        top.offer(article)
        if let lowest = top.full?.last { floor = lowest.score }
    }

    /// One word with no alternatives: each section has one posting, in section order, so it folds
    /// straight into its article, with no block scratch (the same scores in the same order as the
    /// blocks give). Every article holding the word matches, so the count is known without reading
    /// the sections that score below the results: those are skipped.
    ///
    /// - Returns: the number of matching articles.
    mutating func foldSingleWord() -> Int {
        let lists = index.postings
        let clause = order.clauses[0]
        let alternative = clause.alternatives[0]
        let stem = Int(alternative.stems[0])
        let factor = index.impactFactor(stem, alternative) * alternative.weight
        let boost = coverage.boost(clause.positions)
        var least = 0
        var leastFloor = floor
        for segment in 0..<lists.segmentCount {
            let segmentBase = Int32(segment << lists.segmentShift)
            var next = lists.boundary(segment, stem: stem)
            let end = lists.boundary(segment + 1, stem: stem)
            while true {
                let found = postings.impacts.firstIndex(ofAtLeast: least, from: next, to: end)
                if found != next { skippedAny = true }
                next = found
                guard next < end else { break }
                let doc = segmentBase &+ Int32(postings.docs[next])
                let score = Float(postings.impacts[next]) * factor
                next &+= 1
                if let article = sections.add(article: postings.owners[Int(doc)], doc: doc, score: score * boost) {
                    finish(article)
                    // The floor rises only now and then: most articles leave it as it was.
                    if pruning, floor != leastFloor {
                        leastFloor = floor
                        least = SearchIndex.leastImpact(scoring: floor, factor: factor)
                    }
                }
            }
        }
        return Int(index.stemArticles[stem])
    }

    /// The first document of the block that holds the next posting of any stem, or `nil` when
    /// every stem's postings are read.
    mutating func nextBlock() -> Int? {
        let lists = index.postings
        var next = Int.max
        for list in cursors.indices where cursors[list].index < cursors[list].end {
            while cursors[list].index >= cursors[list].segmentEnd {
                cursors[list].segment += 1
                cursors[list].segmentEnd = lists.boundary(cursors[list].segment + 1, stem: cursors[list].stem)
            }
            next = min(next, cursors[list].segment << lists.segmentShift | Int(postings.docs[cursors[list].index]))
        }
        return next == Int.max ? nil : next / blockSize * blockSize
    }

    /// Scores the block starting at document `start`, clause by clause, then turns its documents
    /// into articles.
    mutating func scoreBlock(at start: Int) {
        let segment = start >> index.postings.segmentShift
        var block = Block(
            start: Int32(start), end: Int32(min(postings.owners.count, start + blockSize)), segment: segment,
            segmentBase: Int32(segment << index.postings.segmentShift))
        // The `limit`-th best article among those finished: the final results all score at least this.
        let threshold = top.full?.last?.score ?? 0
        for (step, clause) in order.clauses.enumerated() {
            if order.canPrune, !block.isPruning, step > 0, threshold > 0 { block.isPruning = order.remainingBound[step] < threshold }
            if clause.phrase == nil, clause.alternatives.count == 1, clause.alternatives[0].stems.count == 1 {
                scoreLoneWord(clause, in: &block)
            } else {
                scoreClause(clause, in: &block)
            }
        }
        collectArticles(of: block)
    }

    /// The common case, one word with no alternatives: straight into the scores.
    private mutating func scoreLoneWord(_ clause: Clause, in block: inout Block) {
        let alternative = clause.alternatives[0]
        let stem = Int(alternative.stems[0])
        let list = block.list
        block.list += 1
        guard cursors[list].segment == block.segment else { return }
        let run = PostingRun(
            docs: postings.docs.baseAddress!, impacts: postings.impacts.baseAddress!, start: cursors[list].index,
            end: cursors[list].segmentEnd, segmentBase: block.segmentBase, blockStart: block.start, blockEnd: block.end,
            factor: index.impactFactor(stem, alternative) * alternative.weight, positions: clause.positions)
        if block.isPruning {
            let outcome = run.scoreMatched(into: scratch.documentScores, matched: scratch.matchedDocuments)
            cursors[list].index = outcome.next
            if outcome.skipped { skippedAny = true }
        } else {
            cursors[list].index = run.score(into: scratch.documentScores, matched: scratch.matchedDocuments)
        }
    }

    /// A clause of alternatives, or a phrase: each document takes its best alternative, and a
    /// phrase's documents must hold the words in order.
    private mutating func scoreClause(_ clause: Clause, in block: inout Block) {
        let clauseGeneration = scratch.nextGeneration()
        var clauseCount = 0
        let clauseScores = scratch.clauseScores
        let clauseTouched = scratch.clauseTouched
        let matchedDocuments = scratch.matchedDocuments
        let base = block.start
        let isPruning = block.isPruning
        var skipped = false
        @inline(__always) func offer(_ doc: Int32, _ value: Float) {
            let d = Int(doc &- base)
            if isPruning, !matchedDocuments.contains(d) {
                skipped = true
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
                scoreOneStem(alternative, in: &block, offer: offer)
            } else {
                scoreAllStems(alternative, in: &block, offer: offer)
            }
        }
        if skipped { skippedAny = true }
        for touched in 0..<clauseCount {
            let doc = clauseTouched[touched]
            if let phrase = clause.phrase, !index.containsPhrase(phrase, doc: doc) { continue }
            add(doc, clauseScores[Int(doc &- base)].best, clause.positions, in: block)
        }
    }

    /// An alternative of one stem: each posting offers its score to the clause.
    @inline(__always) private mutating func scoreOneStem(
        _ alternative: Alternative, in block: inout Block, offer: (Int32, Float) -> Void
    ) {
        let stem = Int(alternative.stems[0])
        let factor = index.impactFactor(stem, alternative) * alternative.weight
        let least = skipsBelowFloor ? SearchIndex.leastImpact(scoring: floor, factor: factor) : 0
        let list = block.list
        block.list += 1
        guard cursors[list].segment == block.segment else { return }
        var next = cursors[list].index
        let end = cursors[list].segmentEnd
        while next < end {
            if least > 0 {
                // Postings skipped past the block would be skipped there too: the floor only rises.
                let found = postings.impacts.firstIndex(ofAtLeast: least, from: next, to: end)
                if found != next { skippedAny = true }
                next = found
                guard next < end else { break }
            }
            let doc = block.segmentBase &+ Int32(postings.docs[next])
            if doc >= block.end { break }
            offer(doc, Float(postings.impacts[next]) * factor)
            next &+= 1
        }
        cursors[list].index = next
    }

    /// An alternative of several stems (a multi-word synonym): a document offers the sum of their
    /// scores only when it holds every one.
    @inline(__always) private mutating func scoreAllStems(
        _ alternative: Alternative, in block: inout Block, offer: (Int32, Float) -> Void
    ) {
        let sums = scratch.alternativeScores
        let touched = scratch.alternativeTouched
        let generation = scratch.nextGeneration()
        var count = 0
        for stem in alternative.stems {
            let factor = index.impactFactor(Int(stem), alternative)
            let list = block.list
            block.list += 1
            guard cursors[list].segment == block.segment else { continue }
            var next = cursors[list].index
            let end = cursors[list].segmentEnd
            while next < end {
                let doc = block.segmentBase &+ Int32(postings.docs[next])
                if doc >= block.end { break }
                let d = Int(doc &- block.start)
                let value = Float(postings.impacts[next]) * factor
                next &+= 1
                if sums[d].stamp != generation {
                    sums[d] = Scratch.AlternativeScore(stamp: generation, count: 1, sum: value)
                    touched[count] = doc
                    count += 1
                } else {
                    sums[d].sum += value
                    sums[d].count += 1
                }
            }
            cursors[list].index = next
        }
        let needed = UInt32(alternative.stems.count)
        for entry in 0..<count {
            let doc = touched[entry]
            let d = Int(doc &- block.start)
            if sums[d].count == needed { offer(doc, sums[d].sum * alternative.weight) }
        }
    }

    /// Adds a clause's score to a document of the block (a document the clauses so far did not
    /// match is skipped once the block prunes).
    @inline(__always) private mutating func add(_ doc: Int32, _ value: Float, _ bits: UInt32, in block: Block) {
        let d = Int(doc &- block.start)
        let scores = scratch.documentScores
        if scratch.matchedDocuments.contains(d) {
            scores[d].score += value
            scores[d].positions |= bits
        } else if block.isPruning {
            skippedAny = true
        } else {
            scratch.matchedDocuments.insert(d)
            scores[d] = Scratch.DocumentScore(score: value, positions: bits)
        }
    }

    /// The block's documents → articles (best section), with filters, exclusions and required
    /// phrases, in document order.
    private mutating func collectArticles(of block: Block) {
        let matchedDocuments = scratch.matchedDocuments
        let scores = scratch.documentScores
        let blockStart = Int(block.start)
        for word in 0..<(Int(block.end) - blockStart + 63) / 64 {
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
                    scratch.skippedArticles.insert(Int(postings.owners[Int(doc)]))
                    anyArticle = true
                    continue
                }
                let value = entry.score * coverage.boost(entry.positions)
                if let article = sections.add(article: postings.owners[Int(doc)], doc: doc, score: value) { finish(article) }
            }
        }
    }

    /// The best articles and the count, after the last block; clears the article bits for the next query.
    mutating func result(knownTotal: Int?) -> Ranking {
        if let article = sections.finish() { finish(article) }
        var articleCount = 0
        if anyArticle || skippedAny {
            let matchedArticles = scratch.skippedArticles
            for word in 0..<scratch.skippedArticles.wordCount where matchedArticles[word] != 0 {
                articleCount += matchedArticles[word].nonzeroBitCount
                matchedArticles[word] = 0
            }
        }
        if let knownTotal { return Ranking(top: top.elements, total: knownTotal, skippedSections: skippedAny) }
        guard skippedAny else { return Ranking(top: top.elements, total: articleCount) }
        return Ranking(
            top: top.elements, total: index.estimatedMatches(order.clauses, counted: articleCount), skippedSections: true,
            isTotalExact: false)
    }
}
