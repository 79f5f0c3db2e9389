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
        scratch.startScore()
        for clause in plan.clauses {
            scratch.clauseGeneration &+= 1
            scratch.clauseTouched.removeAll(keepingCapacity: true)
            for alternative in clause.alternatives {
                if alternative.stems.count == 1 {
                    accumulate(stem: alternative.stems[0], scratch: scratch)
                    let idf = alternative.conceptIDF ?? idf[Int(alternative.stems[0])]
                    for doc in scratch.frequencyTouched {
                        offer(doc, Self.saturate(scratch.frequency[Int(doc)]) * idf * alternative.weight, scratch: scratch)
                    }
                    continue
                }
                scratch.alternativeGeneration &+= 1
                scratch.alternativeTouched.removeAll(keepingCapacity: true)
                for stem in alternative.stems {
                    accumulate(stem: stem, scratch: scratch)
                    let idf = alternative.conceptIDF ?? idf[Int(stem)]
                    for doc in scratch.frequencyTouched {
                        let value = Self.saturate(scratch.frequency[Int(doc)]) * idf
                        let d = Int(doc)
                        if scratch.alternativeStamp[d] != scratch.alternativeGeneration {
                            scratch.alternativeStamp[d] = scratch.alternativeGeneration
                            scratch.alternativeSum[d] = value
                            scratch.alternativeCount[d] = 1
                            scratch.alternativeTouched.append(doc)
                        } else {
                            scratch.alternativeSum[d] += value
                            scratch.alternativeCount[d] &+= 1
                        }
                    }
                }
                let needed = UInt8(clamping: alternative.stems.count)
                for doc in scratch.alternativeTouched where scratch.alternativeCount[Int(doc)] == needed {
                    offer(doc, scratch.alternativeSum[Int(doc)] * alternative.weight, scratch: scratch)
                }
            }
            for doc in scratch.clauseTouched {
                let d = Int(doc)
                if clause.phrase != nil, !containsPhrase(clause.phrase!, doc: doc) { continue }
                if scratch.scoreStamp[d] != scratch.scoreGeneration {
                    scratch.scoreStamp[d] = scratch.scoreGeneration
                    scratch.score[d] = scratch.clauseBest[d]
                    scratch.positions[d] = clause.positions
                    scratch.scoreTouched.append(doc)
                } else {
                    scratch.score[d] += scratch.clauseBest[d]
                    scratch.positions[d] |= clause.positions
                }
            }
        }

        // Documents → articles (best section), with filters, exclusions and required phrases.
        var required: UInt64 = 0
        for clause in plan.clauses where clause.phrase != nil { required |= clause.positions }
        let total = plan.positionWeights.reduce(0, +)
        scratch.articleGeneration &+= 1
        scratch.articleTouched.removeAll(keepingCapacity: true)
        for doc in scratch.scoreTouched {
            let d = Int(doc)
            let positions = scratch.positions[d]
            guard positions & required == required else { continue }
            let article = docArticle[d]
            let a = Int(article)
            var matchedWeight: Float = 0
            var bits = positions & plan.allPositions
            while bits != 0 {
                matchedWeight += plan.positionWeights[bits.trailingZeroBitCount]
                bits &= bits - 1
            }
            let coverage = total > 0 ? matchedWeight / total : 1
            let score = scratch.score[d] * pow(coverage, Weights.coverage)
            if scratch.articleStamp[a] != scratch.articleGeneration {
                scratch.articleStamp[a] = scratch.articleGeneration
                let allowed = !plan.excludedArticles.contains(article) && passes(parsed, article: article)
                scratch.articleBest[a] = allowed ? score : -1
                scratch.articleBestDoc[a] = doc
                if allowed { scratch.articleTouched.append(article) }
            } else if scratch.articleBest[a] >= 0, score > scratch.articleBest[a] {
                scratch.articleBest[a] = score
                scratch.articleBestDoc[a] = doc
            }
        }
        // Keep the best `limit` in a small sorted array.
        var top: [(article: Int32, doc: Int32, score: Float)] = []
        top.reserveCapacity(limit + 1)
        for article in scratch.articleTouched {
            let a = Int(article)
            let score = scratch.articleBest[a]
            if top.count == limit, let last = top.last, !isBetter(score, article, than: last.score, last.article) { continue }
            var index = top.count
            while index > 0, isBetter(score, article, than: top[index - 1].score, top[index - 1].article) { index -= 1 }
            top.insert((article, scratch.articleBestDoc[a], score), at: index)
            if top.count > limit { top.removeLast() }
        }
        return (top, scratch.articleTouched.count)
    }

    private func isBetter(_ score: Float, _ article: Int32, than otherScore: Float, _ other: Int32) -> Bool {
        score != otherScore ? score > otherScore : articles[Int(article)].path < articles[Int(other)].path
    }

    /// BM25 saturation of a weighted field frequency.
    @inline(__always)
    static func saturate(_ frequency: Float) -> Float {
        frequency * (Weights.k1 + 1) / (frequency + Weights.k1)
    }

    /// Keeps `value` as the document's clause score when it beats the clause's other alternatives.
    @inline(__always)
    private func offer(_ doc: Int32, _ value: Float, scratch: Scratch) {
        let d = Int(doc)
        if scratch.clauseStamp[d] != scratch.clauseGeneration {
            scratch.clauseStamp[d] = scratch.clauseGeneration
            scratch.clauseBest[d] = value
            scratch.clauseTouched.append(doc)
        } else if value > scratch.clauseBest[d] {
            scratch.clauseBest[d] = value
        }
    }

    /// Fills `scratch.frequency` with the weighted BM25F frequency of `stem` in every document that has it.
    private func accumulate(stem: Int32, scratch: Scratch) {
        scratch.frequencyGeneration &+= 1
        scratch.frequencyTouched.removeAll(keepingCapacity: true)
        let generation = scratch.frequencyGeneration
        let s = Int(stem)
        for index in Int(articleOffsets[s])..<Int(articleOffsets[s + 1]) {
            let article = Int(articleDocs[index])
            let packed = articleFrequencies[index]
            let value = Float(packed >> 10) * titleFactor[article] + Float(packed & 0x3FF) * metaFactor[article]
            for doc in articleFirstDoc[article]..<articleFirstDoc[article + 1] {
                let d = Int(doc)
                if scratch.frequencyStamp[d] != generation {
                    scratch.frequencyStamp[d] = generation
                    scratch.frequency[d] = value
                    scratch.frequencyTouched.append(doc)
                } else {
                    scratch.frequency[d] += value
                }
            }
        }
        for index in Int(sectionOffsets[s])..<Int(sectionOffsets[s + 1]) {
            let doc = sectionDocs[index]
            let d = Int(doc)
            let packed = sectionFrequencies[index]
            let value = Float(packed >> 12) * headingFactor[d] + Float(packed & 0xFFF) * bodyFactor[d]
            if scratch.frequencyStamp[d] != generation {
                scratch.frequencyStamp[d] = generation
                scratch.frequency[d] = value
                scratch.frequencyTouched.append(doc)
            } else {
                scratch.frequency[d] += value
            }
        }
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
