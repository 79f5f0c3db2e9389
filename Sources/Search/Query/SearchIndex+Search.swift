import Foundation
import KnowledgeBase

extension SearchIndex {
    /// Runs a query (free words, "phrases", -exclude, type:/tag:/product: filters). Never throws.
    ///
    /// Free words are OR-ed and ranked by BM25F; articles matching more of the query come first.
    /// With a `semantic` scorer, the ranking by meaning of the query's words and phrases is fused
    /// with that one (``Fusion``), under the same filters and exclusions. Each article appears
    /// once, at its best section. Promoted articles come before the rest.
    ///
    /// - Complexity: proportional to the postings of the query's stems (and their typo, prefix and
    ///   synonym alternatives), plus O(k log k) for the k hits returned; with a scorer, plus its
    ///   cost and O(s) over the s sections.
    public func search(
        _ query: String, limit: Int = 10, offset: Int = 0, today: ContentDate = .today(), semantic: (any SemanticScorer)? = nil
    ) -> SearchResults {
        let parsed = QueryParser.parse(query)
        let plan = plan(parsed)
        let limit = max(0, limit)
        let offset = max(0, offset)
        var similarities: [Float]?
        if let semantic, !plan.isUnsatisfiable {
            let text = (parsed.phrases + [parsed.words]).joined(separator: " ").trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, let values = semantic.sectionSimilarities(to: text), values.count == sectionCount { similarities = values }
        }
        return scratchPool.withScratch { scratch in
            search(parsed, plan, limit: limit, offset: offset, today: today, similarities: similarities, scratch: scratch)
        }
    }

    /// ``search(_:limit:offset:today:semantic:)`` of a parsed and planned query, with the scratch
    /// it borrowed.
    private func search(
        _ parsed: ParsedQuery, _ plan: QueryPlan, limit: Int, offset: Int, today: ContentDate, similarities: [Float]?, scratch: Scratch
    ) -> SearchResults {
        var ranked: Ranking
        let depth = similarities == nil ? limit + offset : max(limit + offset, Fusion.candidates)
        if plan.clauses.isEmpty {
            // Filters alone list every article they pass; with words the index lacks, meaning ranks instead.
            let listsFiltered = parsed.hasFilters && !plan.isUnsatisfiable && similarities == nil
            ranked = listsFiltered ? filteredOnly(parsed, plan, limit: depth) : Ranking(top: [], total: 0)
        } else if plan.isUnsatisfiable {
            ranked = Ranking(top: [], total: 0)
        } else {
            ranked = rank(plan, parsed, scratch: scratch, limit: depth)
        }
        var scores: [Int32: FusedScores] = [:]
        if let similarities {
            (ranked, scores) = fuse(ranked, similarities: similarities, parsed: parsed, plan: plan, limit: limit + offset)
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
            var pinned: [RankedArticle] = []
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
        // The hits' articles and texts are far apart in memory, and each would be a wait of its own:
        // they are asked for all at once, and arrive while the forms are gathered.
        articles.prefetchTexts(page.map { (Int($0.article), sectionIndex(ofDocument: $0.doc)) })
        let matcher = SnippetMaker(forms: page.isEmpty ? [] : matchableForms(of: plan))
        let hits = page.map { entry in
            hit(
                article: entry.article, doc: entry.doc, score: entry.score, matcher: matcher, storage: scratch.snippetStorage, today: today,
                isPromoted: promoted.contains(entry.article), scores: similarities == nil ? nil : scores[entry.article] ?? FusedScores())
        }
        var didYouMean: String?
        if plan.hasCorrection || !parsed.correctedFilters.isEmpty {
            let typed = Tokenizer.words(parsed.words).joined(separator: " ")
            let corrected = plan.correctedWords.joined(separator: " ")
            let words = plan.hasCorrection && corrected != typed ? corrected : typed
            if words != typed { didYouMean = words }
            // A type read from a misspelling ("type:polcy"): say how it was read, with the words.
            if !parsed.correctedFilters.isEmpty {
                didYouMean = (parsed.correctedFilters.map(\.meant) + (words.isEmpty ? [] : [words])).joined(separator: " ")
            }
        }
        var results = SearchResults(hits: Array(hits), totalMatches: total, isTotalExact: ranked.isTotalExact, didYouMean: didYouMean)
        results.isSemantic = similarities != nil
        return results
    }

    /// What a posting's quantised impact for `stem` is multiplied by: the rarity it scores with (the
    /// alternative's shared one, else the stem's own), in score units.
    @inline(__always)
    func impactFactor(_ stem: Int, _ alternative: Alternative) -> Float {
        (alternative.conceptIDF ?? idf[stem]) * Self.impactScale
    }

    /// Whether an article scoring `score` ranks above another: higher scores first, then paths in
    /// order (compared by place, not by reading the paths).
    @inline(__always)
    func isBetter(_ score: Float, _ article: Int32, than otherScore: Float, _ other: Int32) -> Bool {
        guard score == otherScore else { return score > otherScore }
        guard let pathOrder else { return article < other }
        return pathOrder[Int(article)] < pathOrder[Int(other)]
    }

    /// Whether the article passes the query's field filters.
    ///
    /// Tags and product names are compared by their words alone (``QueryParser/filterKey(_:)``):
    /// `product:vantage12` and `product:"vantage 12"` are `vantage-12`, `tag:"late fees"` is
    /// `late-fees`.
    func passes(_ query: ParsedQuery, article index: Int32) -> Bool {
        guard query.hasFilters else { return true }
        let article = articles[Int(index)]
        if !query.kinds.isEmpty, !query.kinds.contains(article.kind) { return false }
        if !query.tagKeys.isEmpty {
            let tags = Set(article.tags.map(QueryParser.filterKey))
            if !query.tagKeys.allSatisfy(tags.contains) { return false }
        }
        if !query.productKeys.isEmpty {
            var names = Set(article.products.map(QueryParser.filterKey))
            if article.kind == .product {
                names.insert(QueryParser.filterKey(article.id))
                names.insert(QueryParser.filterKey(article.title))
            }
            if !query.productKeys.allSatisfy(names.contains) { return false }
        }
        return true
    }

    /// Articles passing the filters of a query without words, by title.
    private func filteredOnly(_ parsed: ParsedQuery, _ plan: QueryPlan, limit: Int) -> Ranking {
        let matching = (0..<Int32(articles.count)).filter { !plan.excludedArticles.contains($0) && passes(parsed, article: $0) }
            .sorted { articles[Int($0)].title.localizedLowercase < articles[Int($1)].title.localizedLowercase }
        return Ranking(top: matching.prefix(limit).map { ($0, articleFirstDoc[Int($0)], 0) }, total: matching.count)
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
        let section = article.sections[sectionIndex(ofDocument: doc)]
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
