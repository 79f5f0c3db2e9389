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
        let hits = page.map { entry in
            hit(article: entry.article, doc: entry.doc, score: entry.score, plan: plan, today: today, isPromoted: promoted.contains(entry.article))
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
        let score = scratch.score
        let positions = scratch.positions
        let scoreStamp = scratch.scoreStamp
        let scoreTouched = scratch.scoreTouched
        let clauseBest = scratch.clauseBest
        let clauseStamp = scratch.clauseStamp
        let clauseTouched = scratch.clauseTouched
        let frequency = scratch.frequency
        let frequencyTouched = scratch.frequencyTouched
        for clause in plan.clauses {
            let clauseGeneration = scratch.nextGeneration()
            var clauseCount = 0
            @inline(__always) func offer(_ doc: Int32, _ value: Float) {
                let d = Int(doc)
                if clauseStamp[d] != clauseGeneration {
                    clauseStamp[d] = clauseGeneration
                    clauseBest[d] = value
                    clauseTouched[clauseCount] = doc
                    clauseCount += 1
                } else if value > clauseBest[d] {
                    clauseBest[d] = value
                }
            }
            for alternative in clause.alternatives {
                if alternative.stems.count == 1 {
                    let touched = accumulate(stem: alternative.stems[0], scratch: scratch)
                    let factor = (alternative.conceptIDF ?? idf[Int(alternative.stems[0])]) * alternative.weight
                    for index in 0..<touched {
                        let doc = frequencyTouched[index]
                        offer(doc, Self.saturate(frequency[Int(doc)]) * factor)
                    }
                    continue
                }
                let alternativeGeneration = scratch.nextGeneration()
                var alternativeCount = 0
                let sum = scratch.alternativeSum
                let count = scratch.alternativeCount
                let stamp = scratch.alternativeStamp
                let alternativeTouched = scratch.alternativeTouched
                for stem in alternative.stems {
                    let touched = accumulate(stem: stem, scratch: scratch)
                    let idf = alternative.conceptIDF ?? idf[Int(stem)]
                    for index in 0..<touched {
                        let doc = frequencyTouched[index]
                        let d = Int(doc)
                        let value = Self.saturate(frequency[d]) * idf
                        if stamp[d] != alternativeGeneration {
                            stamp[d] = alternativeGeneration
                            sum[d] = value
                            count[d] = 1
                            alternativeTouched[alternativeCount] = doc
                            alternativeCount += 1
                        } else {
                            sum[d] += value
                            count[d] &+= 1
                        }
                    }
                }
                let needed = UInt8(clamping: alternative.stems.count)
                for index in 0..<alternativeCount {
                    let doc = alternativeTouched[index]
                    if count[Int(doc)] == needed { offer(doc, sum[Int(doc)] * alternative.weight) }
                }
            }
            for index in 0..<clauseCount {
                let doc = clauseTouched[index]
                let d = Int(doc)
                if let phrase = clause.phrase, !containsPhrase(phrase, doc: doc) { continue }
                if scoreStamp[d] != scoreGeneration {
                    scoreStamp[d] = scoreGeneration
                    score[d] = clauseBest[d]
                    positions[d] = clause.positions
                    scoreTouched[scoreCount] = doc
                    scoreCount += 1
                } else {
                    score[d] += clauseBest[d]
                    positions[d] |= clause.positions
                }
            }
        }

        // Documents → articles (best section), with filters, exclusions and required phrases.
        var required: UInt64 = 0
        for clause in plan.clauses where clause.phrase != nil { required |= clause.positions }
        let total = plan.positionWeights.reduce(0, +)
        let articleGeneration = scratch.nextGeneration()
        let articleBest = scratch.articleBest
        let articleBestDoc = scratch.articleBestDoc
        let articleStamp = scratch.articleStamp
        let articleTouched = scratch.articleTouched
        var articleCount = 0
        let exponent = Weights.coverage
        for index in 0..<scoreCount {
            let doc = scoreTouched[index]
            let d = Int(doc)
            let matched = positions[d]
            guard matched & required == required else { continue }
            let article = docArticle[d]
            let a = Int(article)
            var matchedWeight: Float = 0
            var bits = matched & plan.allPositions
            while bits != 0 {
                matchedWeight += plan.positionWeights[bits.trailingZeroBitCount]
                bits &= bits - 1
            }
            let coverage = total > 0 ? matchedWeight / total : 1
            let value = score[d] * (exponent == 2 ? coverage * coverage : pow(coverage, exponent))
            if articleStamp[a] != articleGeneration {
                articleStamp[a] = articleGeneration
                let allowed = !plan.excludedArticles.contains(article) && passes(parsed, article: article)
                articleBest[a] = allowed ? value : -1
                articleBestDoc[a] = doc
                if allowed {
                    articleTouched[articleCount] = article
                    articleCount += 1
                }
            } else if articleBest[a] >= 0, value > articleBest[a] {
                articleBest[a] = value
                articleBestDoc[a] = doc
            }
        }
        // Keep the best `limit` in a small sorted array.
        var top: [(article: Int32, doc: Int32, score: Float)] = []
        top.reserveCapacity(limit + 1)
        for index in 0..<articleCount {
            let article = articleTouched[index]
            let a = Int(article)
            let value = articleBest[a]
            if top.count == limit, let last = top.last, !isBetter(value, article, than: last.score, last.article) { continue }
            var slot = top.count
            while slot > 0, isBetter(value, article, than: top[slot - 1].score, top[slot - 1].article) { slot -= 1 }
            top.insert((article, articleBestDoc[a], value), at: slot)
            if top.count > limit { top.removeLast() }
        }
        return (top, articleCount)
    }

    private func isBetter(_ score: Float, _ article: Int32, than otherScore: Float, _ other: Int32) -> Bool {
        score != otherScore ? score > otherScore : articles[Int(article)].path < articles[Int(other)].path
    }

    /// BM25 saturation of a weighted field frequency.
    @inline(__always)
    static func saturate(_ frequency: Float) -> Float {
        frequency * (Weights.k1 + 1) / (frequency + Weights.k1)
    }

    /// Fills `scratch.frequency` with the weighted BM25F frequency of `stem` in every document that
    /// has it; returns how many documents it put in `scratch.frequencyTouched`.
    private func accumulate(stem: Int32, scratch: Scratch) -> Int {
        let generation = scratch.nextGeneration()
        let frequency = scratch.frequency
        let stamp = scratch.frequencyStamp
        let touched = scratch.frequencyTouched
        var count = 0
        let s = Int(stem)
        for index in Int(articleOffsets[s])..<Int(articleOffsets[s + 1]) {
            let article = Int(articleDocs[index])
            let packed = articleFrequencies[index]
            let value = Float(packed >> 10) * titleFactor[article] + Float(packed & 0x3FF) * metaFactor[article]
            for doc in articleFirstDoc[article]..<articleFirstDoc[article + 1] {
                let d = Int(doc)
                if stamp[d] != generation {
                    stamp[d] = generation
                    frequency[d] = value
                    touched[count] = doc
                    count += 1
                } else {
                    frequency[d] += value
                }
            }
        }
        for index in Int(sectionOffsets[s])..<Int(sectionOffsets[s + 1]) {
            let doc = sectionDocs[index]
            let d = Int(doc)
            let packed = sectionFrequencies[index]
            let value = Float(packed >> 12) * headingFactor[d] + Float(packed & 0xFFF) * bodyFactor[d]
            if stamp[d] != generation {
                stamp[d] = generation
                frequency[d] = value
                touched[count] = doc
                count += 1
            } else {
                frequency[d] += value
            }
        }
        return count
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
