import KnowledgeBase
import Search

/// How much of the query a result shows: every word, some, or only similar words.
enum MatchStrength: Equatable {
    case full
    /// These query words are not in the passage.
    case partial(missing: [String])
    /// None of the query's words as typed: only typo corrections or synonyms.
    case similarOnly
}

/// A page of search results, ready to list.
struct SearchPage {
    var entries: [ListedResult]
    var total: Int
    /// Whether `total` is a count rather than an estimate (see ``SearchResults/isTotalExact``).
    var isTotalExact = true
    /// The query actually run, when the typed one found nothing and a correction did.
    var correctedQuery: String?
    /// The spelling the index proposes for the typed query, when it differs (results are already
    /// found through typo tolerance; this says what was understood).
    var suggestion: String?
    /// How many words the query had, filters and exclusions aside.
    var queryWordCount = 0
}

/// The search index behind the REPL, built on a background thread while the prompt is already up.
final class SearchState: Sendable {
    private let index: BackgroundValue<SearchIndex>
    /// Splits words for highlighting as the index does. Synonyms play no part in that, and the built-in
    /// table takes a while to build: leaving it out keeps it off the way to the prompt.
    private let analyzer = TextAnalyzer(synonyms: SynonymTable(groups: []))

    /// Starts building the index over `knowledgeBase`.
    convenience init(knowledgeBase: KnowledgeBase) {
        self.init { knowledgeBase }
    }

    /// Starts building the index over what `knowledgeBase` returns (it may wait for a load in progress).
    init(knowledgeBase: @escaping @Sendable () -> KnowledgeBase) {
        index = BackgroundValue {
            let knowledgeBase = knowledgeBase()
            // The trainers' synonym list joins the built-in one, as for `frontline search`.
            let (synonyms, _) = SynonymTable.forContent(knowledgeBase)
            return SearchIndex(knowledgeBase: knowledgeBase, analyzer: TextAnalyzer(synonyms: synonyms))
        }
    }

    /// One page of results for `query` from `offset`. When nothing matches and the index proposes a
    /// correction that does, the corrected results come back with ``SearchPage/correctedQuery``.
    func search(_ query: String, limit: Int, offset: Int) -> SearchPage {
        let index = index.wrappedValue
        let results = index.search(query, limit: limit, offset: offset)
        if results.hits.isEmpty, offset == 0, let corrected = results.didYouMean, corrected != query {
            let retry = index.search(corrected, limit: limit, offset: 0)
            if !retry.hits.isEmpty {
                let correctedWords = words(of: corrected)
                var page = SearchPage(
                    entries: entries(retry.hits, queryWords: correctedWords), total: retry.totalMatches, isTotalExact: retry.isTotalExact,
                    correctedQuery: corrected)
                page.queryWordCount = correctedWords.count
                return page
            }
        }
        let queryWords = words(of: query)
        var page = SearchPage(
            entries: entries(results.hits, queryWords: queryWords), total: results.totalMatches, isTotalExact: results.isTotalExact,
            correctedQuery: nil)
        if offset == 0, let proposed = results.didYouMean, proposed.lowercased() != query.lowercased() { page.suggestion = proposed }
        page.queryWordCount = queryWords.count
        return page
    }

    /// The listed results of a page of hits (which share their matched forms).
    private func entries(_ hits: [SearchHit], queryWords: [Token]) -> [ListedResult] {
        let forms = hits.first?.matchedForms ?? []
        return hits.map { hit in
            ListedResult(
                article: hit.article, sectionIndex: hit.sectionIndex, snippet: hit.snippet.styledSpans(),
                highlightedForms: forms, isStale: hit.isStale, isPromoted: hit.isPromoted,
                match: match(of: queryWords, in: hit.snippet, title: [hit.article.title, hit.section.heading ?? ""].joined(separator: " ")))
        }
    }

    /// `token`'s stem as a word of its own, so that a typo is measured against the stem too ("refnd"
    /// is one letter from "refund", three from "refunded").
    static func stemAsWord(_ token: Token) -> Token {
        Token(text: token.stem, stem: token.stem, range: token.range, position: token.position, isStopWord: token.isStopWord)
    }

    /// The query's words a passage should show: filters (`type:policy`) and exclusions (`-store`) aside.
    func words(of query: String) -> [Token] {
        let words = query.split(whereSeparator: \.isWhitespace).filter { !$0.contains(":") && !$0.hasPrefix("-") }
        return analyzer.tokens(in: words.joined(separator: " ")).filter { !$0.isStopWord }
    }

    /// How well the words the snippet shows match the query's words: all of them (as typed, in another
    /// form, or within a typo), some of them, or none but other words (synonyms) standing in for them.
    /// The title (and section heading) count too: a result titled "Refunds" shows the word.
    func match(of queryWords: [Token], in snippet: Snippet, title: String = "") -> MatchStrength {
        guard !queryWords.isEmpty, !snippet.highlights.isEmpty else { return .full }
        var shown: [Token] = []
        for range in snippet.highlights { shown += analyzer.tokens(in: String(snippet.text[range])) }
        let highlighted = shown.count
        shown += analyzer.tokens(in: title).filter { !$0.isStopWord }
        var used = Set<Int>()
        var missing: [Token] = []
        for word in queryWords {
            if let index = shown.indices.first(where: {
                termMatch(word, shown[$0]) != nil || termMatch(word, Self.stemAsWord(shown[$0])) != nil
            }) {
                used.insert(index)
            } else {
                missing.append(word)
            }
        }
        if missing.isEmpty { return .full }
        // Highlighted words that answer none of the typed ones stand in for them (synonyms).
        let standIns = shown.indices.prefix(highlighted).filter { !used.contains($0) }.count
        if missing.count == queryWords.count { return standIns > 0 ? .similarOnly : .partial(missing: missing.map(\.text)) }
        if standIns >= missing.count { return .full }
        return .partial(missing: missing.map(\.text))
    }

    /// Index words starting with `prefix`, for completion; none while the index is still being built
    /// (completion must never make the user wait).
    func completions(forPrefix prefix: String) -> [String] {
        index.valueIfReady?.completions(forPrefix: prefix, limit: 20) ?? []
    }

    /// A highlighter that splits text the way the index does.
    func highlighter(for forms: Set<String>) -> Highlighter {
        let analyzer = self.analyzer
        return Highlighter(forms: forms) { text in
            analyzer.tokens(in: text).map { Highlighter.Word(range: $0.range, folded: $0.text, position: $0.position) }
        }
    }
}
