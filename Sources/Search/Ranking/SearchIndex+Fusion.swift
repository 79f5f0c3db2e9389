import KnowledgeBase

/// How the lexical (BM25F) and semantic rankings of a query become one: reciprocal-rank fusion,
/// where an article scores `weight / (rankConstant + rank)` in each ranking it is in.
///
/// Rank fusion needs no common scale between BM25F scores and cosine similarities, and one strong
/// ranking cannot drown the other. The constants were chosen on the tuning half of the judged
/// caller phrasings (BENCHMARKS.md).
enum Fusion {
    static let rankConstant: Float = 60
    static let lexicalWeight: Float = 1
    static let semanticWeight: Float = 1
    /// How many articles each ranking contributes.
    static let candidates = 50
    /// A section less similar than this is not a semantic match at all.
    static let similarityFloor: Float = 0.2
    /// How much closer in meaning another section of a lexical hit must be to be shown instead.
    static let sectionSwitchMargin: Float = 0.05
}

/// One article's two scores, before fusion.
struct FusedScores {
    var lexical: Float?
    var semantic: Float?
}

extension SearchIndex {
    /// Fuses the lexical ranking of a query with the similarities of its sections.
    ///
    /// Filters and exclusions hold for the semantic side too; a query with a quoted phrase draws
    /// its semantic candidates only from the articles that hold the phrase (the lexical ones).
    ///
    /// - Complexity: O(s) over the s indexed sections, plus O(c log c) for c candidates.
    func fuse(_ lexical: Ranking, similarities: [Float], parsed: ParsedQuery, plan: QueryPlan, limit: Int) -> (
        ranking: Ranking, scores: [Int32: FusedScores]
    ) {
        let semantic = semanticRanking(similarities, lexical: lexical, parsed: parsed, plan: plan)
        var fused: [Int32: (doc: Int32, score: Float)] = [:]
        var scores: [Int32: FusedScores] = [:]
        for (rank, entry) in lexical.top.prefix(Fusion.candidates).enumerated() {
            fused[entry.article] = (entry.doc, Fusion.lexicalWeight / (Fusion.rankConstant + Float(rank + 1)))
            scores[entry.article, default: FusedScores()].lexical = entry.score
        }
        for (rank, entry) in semantic.enumerated() {
            let contribution = Fusion.semanticWeight / (Fusion.rankConstant + Float(rank + 1))
            scores[entry.article, default: FusedScores()].semantic = entry.score
            if let existing = fused[entry.article] {
                // The section shown is the lexical one, unless another answers clearly better.
                let doc =
                    similarities[Int(entry.doc)] > similarities[Int(existing.doc)] + Fusion.sectionSwitchMargin ? entry.doc : existing.doc
                fused[entry.article] = (doc, existing.score + contribution)
            } else {
                fused[entry.article] = (entry.doc, contribution)
            }
        }
        let ordered = fused.map { (article: $0.key, doc: $0.value.doc, score: $0.value.score) }
            .sorted { isBetter($0.score, $0.article, than: $1.score, $1.article) }
        let semanticOnly = semantic.count(where: { fused[$0.article] != nil && scores[$0.article]?.lexical == nil })
        let ranking = Ranking(
            top: Array(ordered.prefix(max(limit, 0))), total: lexical.total + semanticOnly, isTotalExact: lexical.isTotalExact)
        return (ranking, scores)
    }

    /// The articles closest in meaning, best first, each at its closest section: at most
    /// ``Fusion/candidates``, none below ``Fusion/similarityFloor``.
    private func semanticRanking(_ similarities: [Float], lexical: Ranking, parsed: ParsedQuery, plan: QueryPlan) -> [RankedArticle] {
        let hasPhrase = plan.clauses.contains { $0.phrase != nil }
        let candidates: [Int32] = hasPhrase ? lexical.top.map(\.article) : Array(0..<Int32(articles.count))
        let filters = parsed.hasFilters || !plan.excludedArticles.isEmpty
        var ranked: [RankedArticle] = []
        for article in candidates {
            if filters && (plan.excludedArticles.contains(article) || !passes(parsed, article: article)) { continue }
            var bestDoc = articleFirstDoc[Int(article)]
            for doc in articleFirstDoc[Int(article)]..<articleFirstDoc[Int(article) + 1]
            where similarities[Int(doc)] > similarities[Int(bestDoc)] {
                bestDoc = doc
            }
            let similarity = similarities[Int(bestDoc)]
            if similarity >= Fusion.similarityFloor { ranked.append((article, bestDoc, similarity)) }
        }
        ranked.sort { isBetter($0.score, $0.article, than: $1.score, $1.article) }
        return Array(ranked.prefix(Fusion.candidates))
    }
}
