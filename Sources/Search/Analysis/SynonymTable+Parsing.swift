import Foundation
import KnowledgeBase

extension SynonymTable {
    /// Reads a trainer's synonym file (an article of type `synonyms`) and returns the table it
    /// describes, with diagnostics for lines it could not use.
    ///
    /// Every Markdown list item in the body is one line of the file; other text (headings,
    /// paragraphs, code blocks) is documentation and ignored:
    ///
    /// ```markdown
    /// - nbn, national broadband network, fibre     ← a new group (extends the built-in list)
    /// - !replace, order, purchase                  ← these members leave their built-in groups,
    ///                                                 then form this group
    /// - !remove, charge                            ← these members lose every built-in synonym
    /// ```
    ///
    /// Items are separated by commas; a member may be several words (`money back`). Merge the
    /// result into the built-in list with ``merging(_:)``.
    public static func parse(_ article: Article) -> (SynonymTable, [Diagnostic]) {
        var groups: [[String]] = []
        var overridden: Set<String> = []
        var diagnostics: [Diagnostic] = []
        let analyzer = TextAnalyzer(synonyms: .empty)
        var inFence = false
        let lines = article.body.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let line = article.bodyStartLine + offset
            let trimmed = rawLine.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            guard !inFence, let item = listItem(trimmed) else { continue }
            let column = rawLine.distance(from: rawLine.startIndex, to: item.startIndex) + 1
            var members = item.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            var directive: String?
            if let first = members.first, first.hasPrefix("!") {
                directive = first.lowercased()
                members.removeFirst()
            }
            if members.contains(where: \.isEmpty) {
                diagnostics.append(
                    .warning("empty synonym in '\(item)'; remove the extra comma", path: article.path, line: line, column: column))
                members.removeAll(where: \.isEmpty)
            }
            switch directive {
            case nil:
                if members.count < 2 {
                    diagnostics.append(
                        .warning(
                            "synonym group '\(item)' has fewer than two entries; list two or more words separated by commas",
                            path: article.path, line: line, column: column))
                } else {
                    groups.append(members)
                }
            case "!replace":
                if members.count < 2 {
                    diagnostics.append(
                        .warning(
                            "'!replace' needs two or more entries after it, e.g. '- !replace, order, purchase'",
                            path: article.path, line: line, column: column))
                    continue
                }
                for member in members { overridden.insert(SynonymTable.key(of: member, analyzer: analyzer)) }
                groups.append(members)
            case "!remove":
                if members.isEmpty {
                    diagnostics.append(
                        .warning(
                            "'!remove' needs the words to remove, e.g. '- !remove, charge'", path: article.path, line: line, column: column)
                    )
                }
                for member in members { overridden.insert(SynonymTable.key(of: member, analyzer: analyzer)) }
            case let other?:
                diagnostics.append(
                    .error(
                        "unknown directive '\(other)'; use '!replace' or '!remove', or drop the '!'", path: article.path, line: line,
                        column: column))
            }
        }
        return (SynonymTable(groups: groups, overriddenKeys: overridden), diagnostics)
    }

    /// The text of a Markdown list item line (`- a, b`, `* a, b`, `1. a, b`), or `nil`.
    private static func listItem(_ line: Substring) -> Substring? {
        if let first = line.first, "-*+".contains(first) {
            let rest = line.dropFirst()
            guard rest.first == " " || rest.first == "\t" else { return nil }
            return rest.drop { $0 == " " || $0 == "\t" }
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.first == "." || rest.first == ")" else { return nil }
        let afterMarker = rest.dropFirst()
        guard afterMarker.first == " " || afterMarker.first == "\t" else { return nil }
        return afterMarker.drop { $0 == " " || $0 == "\t" }
    }
}

extension SynonymTable {
    /// The built-in list merged with every synonym file (`type: synonyms`) of `knowledgeBase`, in
    /// path order, with the diagnostics of their bad lines.
    public static func forContent(_ knowledgeBase: KnowledgeBase) -> (SynonymTable, [Diagnostic]) {
        var table = SynonymTable.builtIn
        var diagnostics: [Diagnostic] = []
        for article in knowledgeBase.articles(of: .synonyms) {
            let (parsed, problems) = parse(article)
            table = table.merging(parsed)
            diagnostics += problems
        }
        return (table, diagnostics)
    }
}
