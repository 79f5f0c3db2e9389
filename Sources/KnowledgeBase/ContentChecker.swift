import Foundation

/// A check over the whole knowledge base, such as the scenario or quiz validators of other modules.
public protocol ContentCheck: Sendable {
    /// The problems this check finds in `knowledgeBase`.
    func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic]
}

/// The linter behind `frontline check`: load problems plus cross-file checks (duplicate ids, broken links).
public struct ContentChecker: Sendable {
    /// Extra checks contributed by other modules.
    public var additionalChecks: [any ContentCheck]

    public init(additionalChecks: [any ContentCheck] = []) {
        self.additionalChecks = additionalChecks
    }

    /// Every problem in `knowledgeBase`, sorted by path and line.
    public func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        var result = knowledgeBase.loadDiagnostics
        result += duplicateIDs(knowledgeBase)
        result += brokenLinks(knowledgeBase)
        for check in additionalChecks { result += check.diagnostics(for: knowledgeBase) }
        return result.sorted()
    }

    private func duplicateIDs(_ knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        var firstPath: [String: String] = [:]
        var result: [Diagnostic] = []
        for article in knowledgeBase.articles {
            if let other = firstPath[article.id] {
                result.append(
                    .error(
                        "duplicate id '\(article.id)' (also used by \(other)); give each article its own id",
                        path: article.path, line: article.frontMatter["id"]?.line))
            } else {
                firstPath[article.id] = article.path
            }
        }
        return result
    }

    private func brokenLinks(_ knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for article in knowledgeBase.articles {
            let folder = (article.path as NSString).deletingLastPathComponent
            for link in article.links {
                if let id = link.articleID {
                    if knowledgeBase.article(id: id) == nil {
                        result.append(
                            .error(
                                "link to unknown article id '\(id)'\(EditDistance.didYouMean(id, among: knowledgeBase.articles.map(\.id)))",
                                path: article.path, line: link.line))
                    }
                } else if let relative = link.relativeMarkdownPath {
                    let target = ((folder as NSString).appendingPathComponent(relative) as NSString).standardizingPath
                    let url = knowledgeBase.root.appendingPathComponent(target)
                    if !FileManager.default.fileExists(atPath: url.path) {
                        result.append(.error("link to missing file '\(relative)'", path: article.path, line: link.line))
                    }
                }
            }
        }
        return result
    }

}

/// Edit distance, for "did you mean" suggestions in diagnostics and at the prompt.
public enum EditDistance {
    /// The number of single-character insertions, deletions, substitutions and swaps of two
    /// neighbours ("opne" → "open" is one) turning `a` into `b`.
    ///
    /// - Complexity: O(a.count × b.count).
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word`, when it is close enough to be what was meant: within a third
    /// of the word's length (at least 2 edits).
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        guard let best = candidates.min(by: { between($0, word) < between($1, word) }) else { return nil }
        return between(best, word) <= max(2, word.count / 3) ? best : nil
    }

    /// `; did you mean 'x'?` for the closest candidate, or an empty string: the tail of a diagnostic.
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
