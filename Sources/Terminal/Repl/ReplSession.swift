import Foundation
import KnowledgeBase
import Progress

/// How the REPL was started.
public struct ReplOptions: Sendable {
    /// The content folder.
    public var contentRoot: URL
    /// The trainee whose progress practice and quizzes record (for the training commands).
    public var trainee: String?
    /// The progress database path (for the training commands).
    public var dataPath: String?
    /// The history file, or `nil` to keep no history.
    public var historyURL: URL?
    /// The environment (`PAGER`, `NO_COLOR`, `COLUMNS`...).
    public var environment: [String: String]
    /// The embedding model's folder, for ranking by meaning as well as words; `nil` to rank by words
    /// alone.
    public var modelDirectory: String?

    /// Options for a REPL on the content at `contentRoot`.
    public init(
        contentRoot: URL, trainee: String? = nil, dataPath: String? = nil,
        historyURL: URL? = HistoryStore.defaultURL(), environment: [String: String] = ProcessInfo.processInfo.environment,
        modelDirectory: String? = nil
    ) {
        self.modelDirectory = modelDirectory
        self.contentRoot = contentRoot
        self.trainee = trainee
        self.dataPath = dataPath
        self.historyURL = historyURL
        self.environment = environment
    }
}

/// One entry of a numbered list: a search hit or a related article.
struct ListedResult {
    var article: Article
    /// The section to open at, if any.
    var sectionIndex: Int?
    /// The passage that matched, with its highlights already styled.
    var snippet: [StyledSpan]
    /// The words to highlight when the article is opened.
    var highlightedForms: Set<String>
    var isStale: Bool
    var isPromoted: Bool
    /// How much of the search the passage shows (related articles match fully).
    var match: MatchStrength = .full
}

/// A numbered list on screen: search results or related articles.
struct ResultList {
    enum Source {
        case search(query: String)
        case related(to: Article)
    }

    var source: Source
    /// Every entry fetched so far; entry `n` is numbered `n + 1`.
    var entries: [ListedResult]
    /// How many entries there are in all.
    var total: Int
    /// The entries on screen.
    var shown: Range<Int>
    /// Whether `total` is a count rather than an estimate (a search's total may be one).
    var isTotalExact = true
    /// How many words the search had (filters and exclusions aside), to judge how much results lack.
    var queryWordCount = 0
}

/// The state of one REPL: the knowledge base, the search index, the lists on screen, the open article.
///
/// Commands act on the session; it is used from one thread.
public final class ReplSession {
    /// How the REPL was started.
    public let options: ReplOptions
    /// Where the session writes.
    public let output: TerminalOutput
    /// The commands it knows.
    public let commands: CommandTable
    /// The knowledge base; while it is still loading in the background, waits for it.
    public var knowledgeBase: KnowledgeBase {
        if let loadedKnowledgeBase { return loadedKnowledgeBase }
        let result = pendingKnowledgeBase!.wrappedValue
        pendingKnowledgeBase = nil
        let knowledgeBase: KnowledgeBase
        switch result {
        case .success(let loaded):
            knowledgeBase = loaded
        case .failure(let error):
            output.writeError("\(error)")
            knowledgeBase = KnowledgeBase(root: options.contentRoot, articles: [])
        }
        loadedKnowledgeBase = knowledgeBase
        onLoad?(knowledgeBase)
        return knowledgeBase
    }
    private var loadedKnowledgeBase: KnowledgeBase?
    private var pendingKnowledgeBase: BackgroundValue<Result<KnowledgeBase, ReplError>>?
    /// Called once the knowledge base loading in the background is first used (to report its problems).
    var onLoad: ((KnowledgeBase) -> Void)?
    let pager: Pager
    let parser: CommandParser
    /// The list numbers refer to.
    var list: ResultList?
    /// The last search's list, for `back`.
    var searchList: ResultList?
    /// The article opened last, for `related`.
    var openArticle: Article?
    /// The search index over ``knowledgeBase``.
    var searchIndex: SearchState
    /// Called after `reload` replaced the knowledge base (the line editor updates its completer).
    var onReload: ((ReplSession) -> Void)?
    /// The conversation that has the prompt (a scenario, a quiz), if any.
    public var mode: (any ReplMode)?
    /// The progress store, once a training command opened it.
    var openedProgressStore: (any ProgressStore)?

    /// A session over `knowledgeBase`, writing to `output`.
    public init(options: ReplOptions, knowledgeBase: KnowledgeBase, output: TerminalOutput, commands: CommandTable = .standard) {
        self.options = options
        self.loadedKnowledgeBase = knowledgeBase
        self.output = output
        self.commands = commands
        self.pager = Pager(environment: options.environment)
        self.parser = CommandParser(table: commands)
        // Without a prompt to keep responsive (piped input), a search waits for the vectors.
        self.searchIndex = SearchState(knowledgeBase: knowledgeBase, modelDirectory: options.modelDirectory, waitsForMeaning: true)
    }

    /// A session whose knowledge base is still being loaded by `loading`: the prompt can come up at
    /// once, and the first command that needs the content waits for it. The search index is built
    /// right after, in the background too.
    init(
        options: ReplOptions, loading: BackgroundValue<Result<KnowledgeBase, ReplError>>, output: TerminalOutput,
        commands: CommandTable = .standard
    ) {
        self.options = options
        self.pendingKnowledgeBase = loading
        self.output = output
        self.commands = commands
        self.pager = Pager(environment: options.environment)
        self.parser = CommandParser(table: commands)
        let root = options.contentRoot
        self.searchIndex = SearchState(modelDirectory: options.modelDirectory) {
            (try? loading.wrappedValue.get()) ?? KnowledgeBase(root: root, articles: [])
        }
    }

    /// Runs one typed line.
    public func handle(_ line: String) -> CommandOutcome {
        if let mode { return handleInMode(mode, line: line) }
        return handleCommand(line)
    }

    /// Runs one line as a command or a search.
    func handleCommand(_ line: String) -> CommandOutcome {
        do {
            switch parser.parse(line) {
            case .empty:
                return .proceed
            case .openResult(let number):
                try openResult(number)
                return .proceed
            case .search(let query):
                if let advice = commandAdvice(for: query) {
                    // The list on screen stays: the next number still opens what the user sees.
                    output.writeLine(advice, style: .warning)
                    return .proceed
                }
                try search(query)
                return .proceed
            case .command(let name, let input):
                guard let command = commands.command(named: name) else { return .proceed }
                return try command.run(self, input)
            }
        } catch {
            report(error)
            return .proceed
        }
    }

    /// Prints `error` and, for usage errors, the command's usage line.
    func report(_ error: CommandError) {
        output.writeError(error.description)
        if case .usage(_, let name) = error, let command = commands.command(named: name) {
            output.writeLine("usage: \(command.usage)", style: .dim)
        }
    }

    /// Replaces the knowledge base (after `reload`) and rebuilds what depends on it.
    func replace(_ newKnowledgeBase: KnowledgeBase) {
        loadedKnowledgeBase = newKnowledgeBase
        searchIndex = SearchState(knowledgeBase: newKnowledgeBase, modelDirectory: options.modelDirectory)
        list = nil
        searchList = nil
        openArticle = openArticle.flatMap { newKnowledgeBase.article(id: $0.id) }
        onReload?(self)
    }

    /// The completer for the current knowledge base and commands.
    public func makeCompleter() -> Completer {
        let index = searchIndex
        return Completer(commands: commands.completionEntries, knowledgeBase: knowledgeBase) { prefix in
            index.completions(forPrefix: prefix)
        }
    }

    /// The titles of articles by id, for rendering `kb:` links.
    var articleTitles: @Sendable (String) -> String? {
        let titles = Dictionary(knowledgeBase.articles.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        return { titles[$0] }
    }
}
