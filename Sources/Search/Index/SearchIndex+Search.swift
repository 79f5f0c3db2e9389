import Foundation
import KnowledgeBase

extension SearchIndex {
    /// Runs a query (free words, "phrases", -exclude, type:/tag:/product: filters). Never throws.
    ///
    /// Free words are OR-ed and ranked by BM25F; articles matching more of the query come first.
    /// Each article appears once, at its best section. Promoted articles come before the rest.
    ///
    /// - Complexity: proportional to the postings of the query's stems (and their typo, prefix and
    ///   synonym alternatives), plus O(k log k) for the k hits returned.
    public func search(_ query: String, limit: Int = 10, offset: Int = 0, today: ContentDate = .today()) -> SearchResults {
        let parsed = QueryParser.parse(query)
        let plan = plan(parsed)
        let limit = max(0, limit)
        let offset = max(0, offset)
        let ranked: (top: [(article: Int32, doc: Int32, score: Float)], total: Int) = scratchPool.withScratch { scratch in
            if plan.clauses.isEmpty {
                return plan.isUnsatisfiable || !parsed.hasFilters ? ([], 0) : filteredOnly(parsed, plan, limit: limit + offset)
            }
            if plan.isUnsatisfiable { return ([], 0) }
            return rank(plan, parsed, scratch: scratch, limit: limit + offset)
        }
        var top = ranked.top
        var total = ranked.total
        // Promoted articles first.
        var promoted: [Int32] = []
        for promotion in promotions where matches(promotion: promotion.stems, query: plan.contentStems) {
            let article = promotion.article
            guard !promoted.contains(article), !plan.excludedArticles.contains(article), passes(parsed, article: article) else { continue }
            promoted.append(article)
        }
        if !promoted.isEmpty {
            var pinned: [(article: Int32, doc: Int32, score: Float)] = []
            for article in promoted {
                if let index = top.firstIndex(where: { $0.article == article }) {
                    pinned.append(top.remove(at: index))
                } else {
                    pinned.append((article, articleFirstDoc[Int(article)], top.first?.score ?? 0))
                    total += 1
                }
            }
            top = pinned.sorted { $0.score > $1.score } + top
        }
        let page = top.dropFirst(offset).prefix(limit)
        let matcher = SnippetMaker(forms: page.isEmpty ? [] : matchableForms(of: plan))
        let hits = page.map { entry in
            hit(article: entry.article, doc: entry.doc, score: entry.score, matcher: matcher, today: today, isPromoted: promoted.contains(entry.article))
        }
        var didYouMean: String?
        if plan.hasCorrection || total == 0 {
            let corrected = plan.correctedWords.joined(separator: " ")
            if plan.hasCorrection, corrected != Tokenizer.words(parsed.words).joined(separator: " ") { didYouMean = corrected }
        }
        return SearchResults(hits: Array(hits), totalMatches: total, didYouMean: didYouMean)
    }

    /// Scores every document matching the plan and keeps the best `limit` articles.
    private func rank(_ plan: QueryPlan, _ parsed: ParsedQuery, scratch: Scratch, limit: Int)
        -> (top: [(article: Int32, doc: Int32, score: Float)], total: Int)
    {
        let scoreGeneration = scratch.nextGeneration()
        var scoreCount = 0
        let scores = scratch.documentScores
        let scoreTouched = scratch.scoreTouched
        let clauseScores = scratch.clauseScores
        let clauseTouched = scratch.clauseTouched
        @inline(__always) func add(_ doc: Int32, _ value: Float, _ bits: UInt64) {
            let d = Int(doc)
            if scores[d].stamp != scoreGeneration {
                scores[d] = Scratch.DocumentScore(stamp: scoreGeneration, score: value, positions: bits)
                scoreTouched[scoreCount] = doc
                scoreCount += 1
            } else {
                scores[d].score += value
                scores[d].positions |= bits
            }
        }
        for clause in plan.clauses {
            // The common case, one word with no alternatives: straight into the scores.
            if clause.phrase == nil, clause.alternatives.count == 1, clause.alternatives[0].stems.count == 1 {
                let alternative = clause.alternatives[0]
                let stem = Int(alternative.stems[0])
                let factor = impactFactor(stem, alternative) * alternative.weight
                for index in Int(postingOffsets[stem])..<Int(postingOffsets[stem + 1]) {
                    add(postingDocs[index], Float(postingImpacts[index]) * factor, clause.positions)
                }
                continue
            }
            let clauseGeneration = scratch.nextGeneration()
            var clauseCount = 0
            @inline(__always) func offer(_ doc: Int32, _ value: Float) {
                let d = Int(doc)
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

        // Documents → articles (best section), with filters, exclusions and required phrases.
        var required: UInt64 = 0
        for clause in plan.clauses where clause.phrase != nil { required |= clause.positions }
        let total = plan.positionWeights.reduce(0, +)
        let articleGeneration = scratch.nextGeneration()
        let articleScores = scratch.articleScores
        let articleTouched = scratch.articleTouched
        var articleCount = 0
        let exponent = Weights.coverage
        let filters = parsed.hasFilters || !plan.excludedArticles.isEmpty
        // Most documents match the same few sets of query words: remember the last set's boost.
        var lastMatched: UInt64 = 0
        var lastBoost: Float = 0
        for index in 0..<scoreCount {
            let doc = scoreTouched[index]
            let entry = scores[Int(doc)]
            let matched = entry.positions
            guard matched & required == required else { continue }
            let article = docArticle[Int(doc)]
            let a = Int(article)
            if matched != lastMatched || lastBoost == 0 {
                var matchedWeight: Float = 0
                var bits = matched & plan.allPositions
                while bits != 0 {
                    matchedWeight += plan.positionWeights[bits.trailingZeroBitCount]
                    bits &= bits - 1
                }
                let coverage = total > 0 ? matchedWeight / total : 1
                lastMatched = matched
                lastBoost = exponent == 2 ? coverage * coverage : pow(coverage, exponent)
            }
            let value = entry.score * lastBoost
            if articleScores[a].stamp != articleGeneration {
                let allowed = !filters || (!plan.excludedArticles.contains(article) && passes(parsed, article: article))
                articleScores[a] = Scratch.ArticleScore(stamp: articleGeneration, best: allowed ? value : -1, bestDoc: doc)
                if allowed {
                    articleTouched[articleCount] = article
                    articleCount += 1
                }
            } else if articleScores[a].best >= 0, value > articleScores[a].best {
                articleScores[a].best = value
                articleScores[a].bestDoc = doc
            }
        }
        // Keep the best `limit` in a small sorted array.
        var top: [(article: Int32, doc: Int32, score: Float)] = []
        top.reserveCapacity(limit + 1)
        for index in 0..<articleCount {
            let article = articleTouched[index]
            let a = Int(article)
            let value = articleScores[a].best
            if top.count == limit, let last = top.last, !isBetter(value, article, than: last.score, last.article) { continue }
            var slot = top.count
            while slot > 0, isBetter(value, article, than: top[slot - 1].score, top[slot - 1].article) { slot -= 1 }
            top.insert((article, articleScores[a].bestDoc, value), at: slot)
            if top.count > limit { top.removeLast() }
        }
        return (top, articleCount)
    }

    /// What a posting's quantised impact for `stem` is multiplied by: the rarity it scores with (the
    /// alternative's shared one, else the stem's own), in score units.
    @inline(__always)
    private func impactFactor(_ stem: Int, _ alternative: Alternative) -> Float {
        (alternative.conceptIDF ?? idf[stem]) * Self.impactScale
    }

    private func isBetter(_ score: Float, _ article: Int32, than otherScore: Float, _ other: Int32) -> Bool {
        score != otherScore ? score > otherScore : articles[Int(article)].path < articles[Int(other)].path
    }

    /// Whether the article passes the query's field filters.
    func passes(_ query: ParsedQuery, article index: Int32) -> Bool {
        guard query.hasFilters else { return true }
        let article = articles[Int(index)]
        if !query.kinds.isEmpty, !query.kinds.contains(article.kind) { return false }
        if !query.tags.isEmpty {
            let tags = Set(article.tags.map { Tokenizer.fold(Substring($0)) })
            if !query.tags.allSatisfy(tags.contains) { return false }
        }
        if !query.products.isEmpty {
            var names = Set(article.products.map { Tokenizer.fold(Substring($0)) })
            if article.kind == .product {
                names.insert(article.id)
                names.insert(Tokenizer.fold(Substring(article.title)))
            }
            if !query.products.allSatisfy(names.contains) { return false }
        }
        return true
    }

    /// Articles passing the filters of a query without words, by title.
    private func filteredOnly(_ parsed: ParsedQuery, _ plan: QueryPlan, limit: Int) -> (top: [(article: Int32, doc: Int32, score: Float)], total: Int) {
        let matching = (0..<Int32(articles.count)).filter { !plan.excludedArticles.contains($0) && passes(parsed, article: $0) }
            .sorted { articles[Int($0)].title.localizedLowercase < articles[Int($1)].title.localizedLowercase }
        return (matching.prefix(limit).map { ($0, articleFirstDoc[Int($0)], 0) }, matching.count)
    }

    /// Whether a promote phrase matches the query: the same words (stems, stop words aside), as
    /// promoted search terms do in Salesforce Knowledge.
    func matches(promotion: [String], query: [String]) -> Bool {
        !promotion.isEmpty && promotion == query
    }

    /// Whether the document holds `phrase` (stems, stop words included) word for word, in its
    /// title, headings or text.
    func containsPhrase(_ phrase: [String], doc: Int32) -> Bool {
        let article = articles[Int(docArticle[Int(doc)])]
        let section = article.sections[Int(docSection[Int(doc)])]
        for text in [article.title, section.headingPath.joined(separator: " . "), section.text] {
            var positions: [[String]] = []
            for token in analyzer.tokens(in: text) {
                if token.position >= positions.count { positions.append([]) }
                positions[token.position].append(token.stem)
            }
            guard positions.count >= phrase.count else { continue }
            for start in 0...(positions.count - phrase.count)
            where phrase.indices.allSatisfy({ positions[start + $0].contains(phrase[$0]) }) {
                return true
            }
        }
        return false
    }
}
