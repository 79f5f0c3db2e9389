import Foundation
import KnowledgeBase
import Search
import SemanticSearch

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
    /// Why the results are ranked by words alone, when meaning was asked for but is not available
    /// (yet): said while the vectors are built, and once when the model is missing.
    var meaningNote: String?
}

/// The search index behind the REPL, built on a background thread while the prompt is already up,
/// and the vectors that rank by meaning, built (or read from their cache) after it.
final class SearchState: Sendable {
    private let index: BackgroundValue<SearchIndex>
    /// The section vectors, or why there are none; `nil` when ranking by words alone was asked for.
    private let meaning: BackgroundValue<Result<SectionVectors, any Error>>?
    private let meaningProgress = BuildProgress()
    /// Whether a search waits for the vectors rather than ranking by words meanwhile: for piped
    /// input, whose results must not depend on how fast the vectors were built.
    private let waitsForMeaning: Bool
    /// Splits words for highlighting as the index does. Synonyms play no part in that, and the built-in
    /// table takes a while to build: leaving it out keeps it off the way to the prompt.
    private let analyzer = TextAnalyzer(synonyms: SynonymTable(groups: []))

    /// Starts building the index over `knowledgeBase`, and its vectors with the model in
    /// `modelDirectory` if one is given.
    convenience init(knowledgeBase: KnowledgeBase, modelDirectory: String? = nil, waitsForMeaning: Bool = false) {
        self.init(modelDirectory: modelDirectory, waitsForMeaning: waitsForMeaning) { knowledgeBase }
    }

    /// Starts building the index over what `knowledgeBase` returns (it may wait for a load in
    /// progress), then its vectors with the model in `modelDirectory` if one is given.
    init(modelDirectory: String? = nil, waitsForMeaning: Bool = false, knowledgeBase: @escaping @Sendable () -> KnowledgeBase) {
        self.waitsForMeaning = waitsForMeaning
        let loaded = BackgroundValue { knowledgeBase() }
        let index = BackgroundValue {
            SearchIndex.forContent(loaded.wrappedValue)
        }
        self.index = index
        guard let modelDirectory else {
            meaning = nil
            return
        }
        let progress = meaningProgress
        meaning = BackgroundValue {
            let index = index.wrappedValue
            // The prompt shows the progress, and drops it once the vectors are ready.
            defer { ReaderWake.wake() }
            return Result {
                try SectionVectors.load(
                    for: index, contentRoot: loaded.wrappedValue.root.path, modelDirectory: modelDirectory,
                    embeddingLimit: SectionVectors.searchEmbeddingLimit,
                    progress: { done, total in
                        if progress.record(done: done, total: total) { ReaderWake.wake() }
                    })
            }
        }
    }

    /// How long the model must have been reading before the prompt shows its progress.
    static let statusDelay: TimeInterval = 1

    /// What the prompt shows while the model reads passages the cache lacks (`meaning 43%`), once
    /// that has taken more than ``statusDelay``; `nil` otherwise.
    var meaningStatus: String? {
        guard let meaning, meaning.valueIfReady == nil, let percent = meaningProgress.percent,
            meaningProgress.elapsed >= Self.statusDelay
        else { return nil }
        return "meaning \(percent)%"
    }

    /// The vectors if they are ready, and else what to tell the user about ranking by words alone.
    private func vectorsOrNote() -> (vectors: SectionVectors?, note: String?) {
        guard let meaning else { return (nil, nil) }
        // Vectors that come from the cache are ready in moments, and worth the wait: results then do
        // not depend on how soon the first search was typed. Only while the model reads the content
        // does a search rank by words.
        var ready = meaning.valueIfReady
        while ready == nil, waitsForMeaning || meaningProgress.percent == nil {
            usleep(2000)
            ready = meaning.valueIfReady
        }
        switch ready {
        case .success(let vectors): return (vectors, nil)
        case .failure(let error):
            return (nil, meaningProgress.claimFailureReport() ? "Searching by words alone: \(error)." : nil)
        case nil:
            let percent = meaningProgress.percent.map { " (\($0)% done)" } ?? ""
            return (nil, "Ranked by words only while the knowledge base is read for meaning\(percent).")
        }
    }

    /// One page of results for `query` from `offset`. When nothing matches and the index proposes a
    /// correction that does, the corrected results come back with ``SearchPage/correctedQuery``.
    func search(_ query: String, limit: Int, offset: Int) -> SearchPage {
        let index = index.wrappedValue
        let (vectors, note) = vectorsOrNote()
        let results = index.search(query, limit: limit, offset: offset, semantic: vectors)
        if results.hits.isEmpty, offset == 0, let corrected = results.didYouMean, corrected != query {
            let retry = index.search(corrected, limit: limit, offset: 0, semantic: vectors)
            if !retry.hits.isEmpty {
                let correctedWords = words(of: corrected)
                var page = SearchPage(
                    entries: entries(retry.hits, queryWords: correctedWords), total: retry.totalMatches, isTotalExact: retry.isTotalExact,
                    correctedQuery: corrected)
                page.queryWordCount = correctedWords.count
                page.meaningNote = note
                return page
            }
        }
        let queryWords = words(of: query)
        var page = SearchPage(
            entries: entries(results.hits, queryWords: queryWords), total: results.totalMatches, isTotalExact: results.isTotalExact,
            correctedQuery: nil)
        if offset == 0, let proposed = results.didYouMean, proposed.lowercased() != query.lowercased() { page.suggestion = proposed }
        page.queryWordCount = queryWords.count
        page.meaningNote = note
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

/// How far the vectors' build has come, and whether their failure was reported; shared with the
/// building threads.
final class BuildProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var total = 0
    private var failureReported = false
    private var started: Date?

    /// Records how many passages of `total` are embedded; `true` when the percentage changed.
    @discardableResult
    func record(done: Int, total: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if started == nil { started = Date() }
        let before = self.total > 0 ? self.done * 100 / self.total : -1
        self.done = max(self.done, done)
        self.total = total
        return total > 0 && self.done * 100 / total != before
    }

    /// How long since the model started on passages the cache lacked; zero before.
    var elapsed: TimeInterval {
        lock.lock()
        defer { lock.unlock() }
        return started.map { Date().timeIntervalSince($0) } ?? 0
    }

    /// The percentage embedded, once the model started on passages the cache lacked.
    var percent: Int? {
        lock.lock()
        defer { lock.unlock() }
        return total > 0 ? done * 100 / total : nil
    }

    /// Whether the failure is yet to be reported: true the first time only.
    func claimFailureReport() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { failureReported = true }
        return !failureReported
    }
}
