import KnowledgeBase

/// A page of search results, ready to list.
struct SearchPage {
    var entries: [ListedResult]
    var total: Int
    /// The query actually run, when the typed one was corrected.
    var correctedQuery: String?
}

/// The search behind the REPL. (Provisional: a plain substring search until the Search module's index
/// is merged.)
final class SearchState: Sendable {
    private let knowledgeBase: KnowledgeBase

    init(knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    func search(_ query: String, limit: Int, offset: Int) -> SearchPage {
        let words = query.lowercased().split(separator: " ").map(String.init)
        var entries: [ListedResult] = []
        for article in knowledgeBase.articles where article.kind.isKnowledge {
            for (index, section) in article.sections.enumerated() where words.allSatisfy({ section.text.lowercased().contains($0) }) {
                entries.append(
                    ListedResult(
                        article: article, sectionIndex: index, snippet: [StyledSpan(String(section.text.prefix(120)))],
                        highlightedForms: Set(words), isStale: false, isPromoted: false))
                break
            }
        }
        return SearchPage(entries: Array(entries.dropFirst(offset).prefix(limit)), total: entries.count, correctedQuery: nil)
    }

    func completions(forPrefix prefix: String) -> [String] { [] }

    func highlighter(for forms: Set<String>) -> Highlighter { Highlighter(forms: forms) }
}
