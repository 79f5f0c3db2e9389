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
        return Self.collapsingDependants(result, root: knowledgeBase.root).sorted()
    }

    /// One file whose front matter does not load makes every reference to its id "unknown". Those
    /// errors say nothing new: they become one note on the file that failed, listing where they were.
    static func collapsingDependants(_ diagnostics: [Diagnostic], root: URL) -> [Diagnostic] {
        let failed = Set(diagnostics.filter { $0.severity == .error && $0.message.hasPrefix("front matter") }.map(\.path))
        guard !failed.isEmpty else { return diagnostics }
        var intended: [String: String] = [:]  // id → the file that meant to have it
        for path in failed {
            intended[intendedID(of: path, root: root)] = path
        }
        var kept: [Diagnostic] = []
        var dependants: [String: [Diagnostic]] = [:]
        for diagnostic in diagnostics {
            if diagnostic.severity == .error, let id = unknownArticleID(in: diagnostic.message), let path = intended[id] {
                dependants[path, default: []].append(diagnostic)
            } else {
                kept.append(diagnostic)
            }
        }
        for (path, references) in dependants {
            let places = references.sorted().map { "\($0.path):\($0.line ?? 1)" }
            let shown = places.prefix(5).joined(separator: ", ") + (places.count > 5 ? " and \(places.count - 5) more" : "")
            kept.append(
                .warning(
                    "\(places.count) reference\(places.count == 1 ? "" : "s") to this article elsewhere \(places.count == 1 ? "was" : "were") "
                        + "not checked because this file did not load (\(shown)); fix the front matter and check again",
                    path: path, line: 1))
        }
        return kept
    }

    /// The id a file was meant to have: its `id:` line, else its file name.
    static func intendedID(of path: String, root: URL) -> String {
        let text = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(60) where line.hasPrefix("id:") {
            let value = line.dropFirst(3).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !value.isEmpty { return value }
        }
        return ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
    }

    /// `x` from "... unknown article 'x' ..." or "... unknown article id 'x' ...".
    static func unknownArticleID(in message: String) -> String? {
        guard let range = message.range(of: #"unknown article(?: id)? '[^']+'"#, options: .regularExpression) else { return nil }
        let quoted = message[range].drop { $0 != "'" }.dropFirst().dropLast()
        return String(quoted)
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
