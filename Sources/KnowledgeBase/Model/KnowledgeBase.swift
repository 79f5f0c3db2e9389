import Foundation

/// Every article loaded from a content folder, with the problems found while loading.
public struct KnowledgeBase: Sendable {
    /// The content folder.
    public let root: URL
    /// The articles, ordered by path.
    public let articles: [Article]
    /// Problems found while reading and parsing files (cross-file checks live in ``ContentChecker``).
    public let loadDiagnostics: [Diagnostic]
    private let byID: ArticleLookup
    private let byPath: ArticleLookup

    public init(root: URL, articles: [Article], loadDiagnostics: [Diagnostic] = []) {
        self.root = root
        self.articles = articles
        self.loadDiagnostics = loadDiagnostics
        byID = ArticleLookup(articles.map(\.id), keeping: .first)
        byPath = ArticleLookup(articles.map(\.path), keeping: .last)
    }

    /// The article with `id` (the first one, when ids are duplicated).
    public func article(id: String) -> Article? { byID.index(of: id) { articles[$0].id }.map { articles[$0] } }

    /// The article at `path`, relative to the content folder.
    public func article(path: String) -> Article? { byPath.index(of: path) { articles[$0].path }.map { articles[$0] } }

    /// The articles of one kind.
    public func articles(of kind: ArticleKind) -> [Article] { articles.filter { $0.kind == kind } }

    /// How many articles there are of each kind.
    public var countsByKind: [ArticleKind: Int] {
        articles.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    /// A one-line summary of counts per kind, largest first: `25 policies, 20 products, ...`.
    public var countSummary: String {
        let counts = countsByKind.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        if counts.isEmpty { return "no articles" }
        return counts.map { "\($0.value) \($0.value == 1 ? $0.key.singular : $0.key.plural)" }.joined(separator: ", ")
    }

    /// Articles past their review date on `today`, most overdue first.
    public func staleArticles(on today: ContentDate) -> [(article: Article, daysOverdue: Int)] {
        articles.compactMap { article in article.daysOverdue(on: today).map { (article, $0) } }
            .sorted { $0.daysOverdue != $1.daysOverdue ? $0.daysOverdue > $1.daysOverdue : $0.article.path < $1.article.path }
    }

    /// Articles that share tags, products or links with `article`, best first.
    public func related(to article: Article, limit: Int = 10) -> [Article] {
        let tags = Set(article.tags)
        let products = Set(article.products + [article.id])
        let links = Set(article.linkedIDs)
        var scored: [(Article, Int)] = []
        for other in articles where other.id != article.id && other.kind.isKnowledge {
            var score = 0
            score += 3 * (links.contains(other.id) ? 1 : 0)
            score += 3 * (other.linkedIDs.contains(article.id) ? 1 : 0)
            score += 2 * Set(other.tags).intersection(tags).count
            score += 2 * Set(other.products + [other.id]).intersection(products).count
            if score > 0 { scored.append((other, score)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.title < $1.0.title }.prefix(limit).map(\.0)
    }
}
