import Foundation

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
