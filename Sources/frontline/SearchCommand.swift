import ArgumentParser
import Foundation
import KnowledgeBase
import Search
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
        let (synonyms, _) = SynonymTable.forContent(knowledgeBase)
        let index = SearchIndex(knowledgeBase: knowledgeBase, analyzer: TextAnalyzer(synonyms: synonyms))
        let results = index.search(query.joined(separator: " "), limit: limit)
        if json {
            printJSON(results)
        } else {
            printText(results)
        }
    }

    private func printJSON(_ results: SearchResults) {
        let items = results.hits.map { hit in
            SearchReportItem(
                path: hit.article.path, id: hit.article.id, title: hit.article.title, type: hit.article.kind.rawValue,
                section: hit.section.heading, score: (hit.score * 1000).rounded() / 1000, snippet: hit.snippet.text, stale: hit.isStale,
                promoted: hit.isPromoted)
        }
        try? printEncodedJSON(items)
    }

    private func printText(_ results: SearchResults) {
        let environment = ProcessInfo.processInfo.environment
        let colour = isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        let bold = colour ? "\u{1B}[1m" : ""
        let dim = colour ? "\u{1B}[2m" : ""
        let yellow = colour ? "\u{1B}[33m" : ""
        let reset = colour ? "\u{1B}[0m" : ""
        if results.hits.isEmpty {
            print("no results")
            if let suggestion = results.didYouMean { print("did you mean: \(suggestion)") }
            return
        }
        if let suggestion = results.didYouMean { print("did you mean: \(suggestion)\n") }
        for (rank, hit) in results.hits.enumerated() {
            var flags: [String] = []
            if hit.isPromoted { flags.append("pinned") }
            if hit.isStale { flags.append("\(yellow)stale: check before quoting\(reset)") }
            let flagText = flags.isEmpty ? "" : "  [" + flags.joined(separator: ", ") + "]"
            print("\(rank + 1). \(bold)\(hit.article.title)\(reset)  \(dim)\(hit.article.kind.rawValue)\(reset)\(flagText)")
            if let heading = hit.section.heading, heading != hit.article.title { print("   § \(heading)") }
            let snippet = colour ? hit.snippet.marked(open: bold, close: reset) : hit.snippet.marked(open: "[", close: "]")
            print("   \(snippet)")
            print("   \(dim)\(hit.article.path)\(reset)")
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
        try container.encode(snippet, forKey: .snippet)
        try container.encode(stale, forKey: .stale)
        try container.encode(promoted, forKey: .promoted)
    }

    enum CodingKeys: String, CodingKey { case path, id, title, type, section, score, snippet, stale, promoted }
}
