import ArgumentParser
import Embedding
import Foundation
import KnowledgeBase
import Search
import SemanticSearch
import Terminal

/// `frontline search`: find the right section of the right article.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the knowledge base and print the best sections first.",
        discussion: """
            Free words match in any order, with typos, stems and synonyms. Use "exact phrase", -word to \
            exclude, and type:policy, tag:billing or product:NAME to filter.
            """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: "The most results to print.")
    var limit = 10

    @Flag(help: "Print one JSON array, best first.")
    var json = false

    @Flag(help: "Rank by words alone, without the embedding model.")
    var lexical = false

    @Option(
        help: ArgumentHelp("The embedding model's folder (default: $FRONTLINE_MODEL, else where scripts/setup puts it).", valueName: "DIR"))
    var model: String?

    @Argument(parsing: .allUnrecognized, help: "The query (words, \"phrases\", -exclude, type:/tag:/product: filters).")
    var query: [String]

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number, found \(limit)") }
        guard !query.joined().trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give the words to search for") }
    }

    func run() throws {
        // The built-in synonyms are stemmed while the content loads.
        let builtInSynonyms = BackgroundValue { SynonymTable.builtIn }
        // Scenarios and quizzes are not searched: their files are skipped unparsed.
        let knowledgeBase = try contentOptions.loadKnowledgeBase(kinds: SearchIndex.contentKinds)
        _ = builtInSynonyms.wrappedValue
        let index = SearchIndex.forContent(knowledgeBase)
        let vectors = lexical ? nil : sectionVectors(for: index, root: knowledgeBase.root.path)
        let results = index.search(query.joined(separator: " "), limit: limit, semantic: vectors)
        if json {
            printJSON(results)
        } else {
            printText(results)
        }
    }

    /// The vectors of the index's sections, built where the cache lacks them (with a progress line
    /// on a terminal when that takes more than a second); `nil`, said on standard error, when the
    /// model is missing.
    private func sectionVectors(for index: SearchIndex, root: String) -> SectionVectors? {
        let meter = ProgressMeter(label: "reading the knowledge base for meaning (once; cached after)")
        defer { meter.finish() }
        do {
            return try SectionVectors.load(
                for: index, contentRoot: root, modelDirectory: ModelLocation.directory(option: model),
                embeddingLimit: SectionVectors.searchEmbeddingLimit, progress: { done, total in meter.update(done: done, total: total) })
        } catch {
            FileHandle.standardError.write(Data("note: searching by words alone: \(error)\n".utf8))
            return nil
        }
    }

    private func printJSON(_ results: SearchResults) {
        let items = results.hits.map { hit in
            SearchReportItem(
                path: hit.article.path, id: hit.article.id, title: hit.article.title, type: hit.article.kind.rawValue,
                section: hit.section.heading, score: rounded(hit.score), lexicalScore: hit.lexicalScore.map(rounded),
                semanticScore: hit.semanticScore.map(rounded), snippet: hit.snippet.text, stale: hit.isStale, promoted: hit.isPromoted)
        }
        try? printEncodedJSON(items)
    }

    private func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }

    /// The results as text, styled by the same theme as the REPL (colour only on a terminal without
    /// `NO_COLOR`; matches in `[brackets]` otherwise) and with every control character of the content
    /// made harmless. Lines are not wrapped: a pipe gets one line a field.
    private func printText(_ results: SearchResults) {
        let theme = TerminalOutput().theme
        func emit(_ line: StyledLine) { print(theme.encode(line)) }
        if results.hits.isEmpty {
            print("no results")
            if let suggestion = results.didYouMean { emit(StyledLine("did you mean: \(suggestion)")) }
            return
        }
        if let suggestion = results.didYouMean {
            emit(StyledLine("did you mean: \(suggestion)"))
            print("")
        }
        for (rank, hit) in results.hits.enumerated() {
            var title = StyledLine("\(rank + 1). ")
            title.append(hit.article.title, style: .strong)
            title.append("  ")
            title.append(hit.article.kind.rawValue, style: .dim)
            if hit.isPromoted || hit.isStale {
                title.append("  [")
                if hit.isPromoted { title.append("pinned") }
                if hit.isPromoted && hit.isStale { title.append(", ") }
                if hit.isStale { title.append("stale: check before quoting", style: .warning) }
                title.append("]")
            }
            emit(title)
            if let heading = hit.section.heading, heading != hit.article.title { emit(StyledLine("   § \(heading)")) }
            var snippet = StyledLine("   ")
            for span in theme.marked(hit.snippet.styledSpans(style: .strong), style: .strong) { snippet.append(span) }
            emit(snippet)
            emit(StyledLine("   \(hit.article.path)", style: .dim))
        }
        if results.totalMatches > results.hits.count {
            print("\(results.hits.count) of \(results.isTotalExact ? "" : "about ")\(results.totalMatches) matching articles")
        }
    }
}

/// One result of `search --json`.
struct SearchReportItem: Encodable {
    var path: String
    var id: String
    var title: String
    var type: String
    var section: String?
    var score: Double
    var lexicalScore: Double?
    var semanticScore: Double?
    var snippet: String
    var stale: Bool
    var promoted: Bool

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(type, forKey: .type)
        try container.encode(section, forKey: .section)
        try container.encode(score, forKey: .score)
        try container.encode(lexicalScore, forKey: .lexicalScore)
        try container.encode(semanticScore, forKey: .semanticScore)
        try container.encode(snippet, forKey: .snippet)
        try container.encode(stale, forKey: .stale)
        try container.encode(promoted, forKey: .promoted)
    }

    enum CodingKeys: String, CodingKey {
        case path, id, title, type, section, score, snippet, stale, promoted
        case lexicalScore = "lexical_score"
        case semanticScore = "semantic_score"
    }
}
