import KnowledgeBase

/// Scores every indexed section by meaning: how close a query's words are to the section's text,
/// as a sentence-embedding model sees them.
///
/// The search module knows nothing of the model. A scorer gives it one similarity per section, in
/// the index's order (``SearchIndex/sectionNumber(article:section:)``), and the index fuses that
/// ranking with its own.
public protocol SemanticScorer: Sendable {
    /// The cosine similarity of `text` to each indexed section (−1 to 1, higher is closer), one per
    /// section in index order; `nil` when the scorer cannot score now (its vectors are not built yet).
    func sectionSimilarities(to text: String) -> [Float]?
}

extension SearchIndex {
    /// The articles the index holds, in index order: each one's sections are consecutive numbers
    /// in the order of its `sections`.
    public var indexedArticles: [Article] { articles }

    /// The number of `section` of article `article` (both in index order) among all indexed
    /// sections.
    public func sectionNumber(article: Int, section: Int) -> Int {
        Int(articleFirstDoc[article]) + section
    }
}
