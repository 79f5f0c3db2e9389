import KnowledgeBase

/// How the lexical (BM25F) and semantic rankings of a query become one: a weighted sum of the
/// two scores, each scaled by the query's best, `lexicalShare × bm25f / best bm25f +
/// (1 − lexicalShare) × (similarity − floor) / max(best similarity − floor, minimum span)`, where an
/// article's similarity is its closest section's plus a share of its second closest's.
///
/// Chosen by measurement on the tuning halves of three judged sets (BENCHMARKS.md): the weighted
/// sum beat reciprocal-rank fusion (at every rank constant from 5 to 60) on all three, because it
/// keeps how far apart two scores are, and a confident title match can win on its own.
enum Fusion {
    /// The lexical score's share; the semantic one has the rest.
    static let lexicalShare: Float = 0.3
    /// How many articles each ranking contributes.
    static let candidates = 50
    /// A section less similar than this is not a semantic match at all.
    static let similarityFloor: Float = 0.2
    /// The least the best similarity counts as above the floor when scaling: a query whose closest
    /// passage is only a little above the floor has nothing close in meaning, so that passage must
    /// not take the whole semantic share from the words. 0.4 was best on the tuning halves (0.2 to
    /// 0.8 tried, BENCHMARKS.md).
    static let minimumSemanticSpan: Float = 0.4
    /// An article whose words do not match needs this much similarity to be a result on meaning
    /// alone: gibberish and foreign scripts come out near 0.2, real paraphrases from 0.35 up.
    static let meaningOnlyFloor: Float = 0.3
    /// How much closer in meaning another section of a lexical hit must be to be shown instead.
    static let sectionSwitchMargin: Float = 0.05
    /// How much an article's second-closest section adds to its closest one's similarity (above
    /// the floor): an article that answers in two places is more likely about the query than one
    /// with a single close passage. 0.2 was best on the tuning halves, 0.1 to 1 tried (BENCHMARKS.md).
    static let secondSectionShare: Float = 0.2
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
        let bestLexical = max(lexical.top.first?.score ?? 1, 1e-6)
        let semanticSpan = max((semantic.first?.score ?? 1) - Fusion.similarityFloor, Fusion.minimumSemanticSpan)
        for entry in lexical.top.prefix(Fusion.candidates) {
            fused[entry.article] = (entry.doc, Fusion.lexicalShare * entry.score / bestLexical)
            scores[entry.article, default: FusedScores()].lexical = entry.score
        }
        for entry in semantic {
            let contribution = (1 - Fusion.lexicalShare) * (entry.score - Fusion.similarityFloor) / semanticSpan
            // What is reported is the closest section's own similarity.
            let similarity = similarities[Int(entry.doc)]
            scores[entry.article, default: FusedScores()].semantic = similarity
            if let existing = fused[entry.article] {
                // The section shown is the lexical one, unless another answers clearly better.
                let doc = similarity > similarities[Int(existing.doc)] + Fusion.sectionSwitchMargin ? entry.doc : existing.doc
                fused[entry.article] = (doc, existing.score + contribution)
            } else if similarity >= Fusion.meaningOnlyFloor {
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
    /// ``Fusion/candidates``, none below ``Fusion/similarityFloor``. An article's score is its
    /// closest section's similarity, plus ``Fusion/secondSectionShare`` of its second closest's.
    private func semanticRanking(_ similarities: [Float], lexical: Ranking, parsed: ParsedQuery, plan: QueryPlan) -> [RankedArticle] {
        let hasPhrase = plan.clauses.contains { $0.phrase != nil }
        let candidates: [Int32] = hasPhrase ? lexical.top.map(\.article) : Array(0..<Int32(articles.count))
        let filters = parsed.hasFilters || !plan.excludedArticles.isEmpty
        var ranked: [RankedArticle] = []
        for article in candidates {
            if filters && (plan.excludedArticles.contains(article) || !passes(parsed, article: article)) { continue }
            var bestDoc = articleFirstDoc[Int(article)]
            var second: Float = -1
            for doc in articleFirstDoc[Int(article)]..<articleFirstDoc[Int(article) + 1] {
                if similarities[Int(doc)] > similarities[Int(bestDoc)] {
                    second = similarities[Int(bestDoc)]
                    bestDoc = doc
                } else if doc != bestDoc, similarities[Int(doc)] > second {
                    second = similarities[Int(doc)]
                }
            }
            let similarity = similarities[Int(bestDoc)]
            if similarity >= Fusion.similarityFloor {
                ranked.append((article, bestDoc, similarity + Fusion.secondSectionShare * max(0, second - Fusion.similarityFloor)))
            }
        }
        ranked.sort { isBetter($0.score, $0.article, than: $1.score, $1.article) }
        return Array(ranked.prefix(Fusion.candidates))
    }
}
