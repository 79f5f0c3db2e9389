import Foundation
import KnowledgeBase
import Search
import Training

extension ReplCommand {
    /// `reload`: re-read the content folder.
    public static let reload = ReplCommand(
        name: "reload", usage: "reload", summary: "Re-read the content folder; report changes and problems.",
        help: """
            Reads the content folder again without restarting, so trainers can check an edit at once.
            Reports which articles were added, changed or removed, then every error `frontline check`
            would report and how many warnings there are. The search index and completion are rebuilt.
            """,
        takesArguments: false
    ) { session, _ throws(CommandError) in
        try session.reload()
        return .proceed
    }
}

/// What changed between two loads of the content folder.
struct ContentChanges: Equatable {
    var added: [String] = []
    var changed: [String] = []
    var removed: [String] = []

    var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// The ids added, changed and removed from `old` to `new`, each sorted.
    init(from old: KnowledgeBase, to new: KnowledgeBase) {
        let before = Dictionary(old.articles.map { ($0.id, Self.fingerprint($0)) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.articles.map { ($0.id, Self.fingerprint($0)) }, uniquingKeysWith: { first, _ in first })
        added = after.keys.filter { before[$0] == nil }.sorted()
        removed = before.keys.filter { after[$0] == nil }.sorted()
        changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
    }

    /// What a reader of the article could notice changing.
    private static func fingerprint(_ article: Article) -> [String] {
        [
            article.path, article.title, article.kind.rawValue, article.tags.joined(separator: ","),
            article.products.joined(separator: ","), article.summary ?? "", article.updated?.description ?? "",
            article.reviewed?.description ?? "", String(article.reviewEvery), article.owner ?? "",
            article.promote.joined(separator: ","), String(article.bodyFingerprint),
        ]
    }
}

extension ReplSession {
    /// The checks `reload` runs, the same as `frontline check`.
    static let contentChecks: [any ContentCheck] = [
        CompetencyCheck(), ScenarioCheck(), QuizCheck(), ReviewDateCheck(), SynonymCheck(),
    ]

    /// Re-reads the content folder, reports what changed and the problems `check` would report.
    func reload() throws(CommandError) {
        let newKnowledgeBase: KnowledgeBase
        do {
            newKnowledgeBase = try ContentLoader(root: knowledgeBase.root).load()
        } catch {
            throw .failed("\(error); the content loaded before is kept")
        }
        let changes = ContentChanges(from: knowledgeBase, to: newKnowledgeBase)
        let diagnostics = ContentChecker(additionalChecks: Self.contentChecks).diagnostics(for: newKnowledgeBase)
        replace(newKnowledgeBase)

        var lines = [StyledLine("Reloaded \(newKnowledgeBase.articles.count) articles (\(newKnowledgeBase.countSummary)).")]
        if changes.isEmpty {
            lines.append(StyledLine("Nothing changed."))
        }
        for (label, ids) in [("added", changes.added), ("changed", changes.changed), ("removed", changes.removed)] where !ids.isEmpty {
            lines += TextWrapper.wrap([[StyledSpan("\(ids.count) \(label): " + ids.joined(separator: ", "))]], width: output.columns)
        }
        let errors = diagnostics.filter { $0.severity == .error }
        let warnings = diagnostics.count - errors.count
        for diagnostic in errors {
            var line = StyledLine("\(diagnostic.path):\(diagnostic.line.map { "\($0):\(diagnostic.column ?? 1):" } ?? "") ")
            line.append("error:", style: .error)
            line.append(" " + diagnostic.message)
            lines.append(line)
        }
        let summary = "\(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        lines.append(
            StyledLine(
                diagnostics.isEmpty ? "No problems found." : summary + " (`frontline check` lists them all).",
                style: errors.isEmpty ? [] : .warning))
        output.write(lines)
    }
}
