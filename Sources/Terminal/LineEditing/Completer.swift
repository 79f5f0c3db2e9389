import KnowledgeBase

/// One way to complete the line: the new text up to the cursor, and how to list it.
public struct CompletionCandidate: Sendable, Hashable {
    /// The line from its start to the cursor, completed.
    public var replacement: String
    /// The word shown in the list of candidates.
    public var display: String
    /// More about the candidate (an article's title), shown beside it.
    public var detail: String?

    /// A candidate replacing the line up to the cursor with `replacement`.
    public init(replacement: String, display: String, detail: String? = nil) {
        self.replacement = replacement
        self.display = display
        self.detail = detail
    }
}

/// What a command's argument completes to.
public enum ArgumentCompletion: Sendable {
    /// Nothing: the command takes no argument, or a free one.
    case none
    /// Article ids, matched by id or title.
    case articles
    /// Command names (for `help`).
    case commands
    /// Fixed values, such as scenario ids, with an optional detail each.
    case values(@Sendable (KnowledgeBase) -> [(value: String, detail: String?)])
}

/// Tab completion that knows the context: command names first, article ids and titles after `open`,
/// filter keys and values (`type:`, `tag:`, `product:`) and index terms inside a search.
public struct Completer: Sendable {
    /// A command name and what its argument completes to.
    public struct CommandEntry: Sendable {
        /// The command name (or alias).
        public var name: String
        /// What its argument completes to.
        public var argument: ArgumentCompletion
        /// An entry for the command `name`.
        public init(name: String, argument: ArgumentCompletion) {
            self.name = name
            self.argument = argument
        }
    }

    private let commands: [CommandEntry]
    private let articles: [(id: String, title: String, foldedTitle: String)]
    private let filterValues: [(key: String, values: [String])]
    private let knowledgeBase: KnowledgeBase
    private let terms: @Sendable (String) -> [String]

    /// The filter keys a search understands.
    public static let filterKeys = ["type", "tag", "product"]

    /// A completer for `commands` over `knowledgeBase`; `terms` gives index words starting with a prefix.
    public init(
        commands: [CommandEntry], knowledgeBase: KnowledgeBase, terms: @escaping @Sendable (String) -> [String] = { _ in [] }
    ) {
        self.commands = commands.sorted { $0.name < $1.name }
        self.knowledgeBase = knowledgeBase
        let knowledge = knowledgeBase.articles.filter(\.kind.isKnowledge)
        self.articles = knowledge.map { ($0.id, $0.title, $0.title.lowercased()) }.sorted { $0.id < $1.id }
        let kinds = Set(knowledge.map(\.kind.rawValue)).sorted()
        let tags = Set(knowledge.flatMap { $0.tags.map { $0.lowercased() } }).sorted()
        let products = Set(knowledgeBase.articles(of: .product).map(\.id)).sorted()
        self.filterValues = [("type", kinds), ("tag", tags), ("product", products)]
        self.terms = terms
    }

    /// The candidates for the line up to the cursor, `prefix`, best first.
    ///
    /// - Complexity: O(a) in the number of articles or values that could match.
    public func candidates(forLine prefix: String) -> [CompletionCandidate] {
        let leadingSpace = prefix.prefix { $0 == " " }
        let body = prefix.dropFirst(leadingSpace.count)
        guard let firstSpace = body.firstIndex(of: " ") else {
            // Completing the first word: a command, else a filter or a search word.
            let word = String(body)
            let lower = word.lowercased()
            let names = commands.filter { $0.name.hasPrefix(lower) }
            if !names.isEmpty || word.isEmpty {
                return names.map { CompletionCandidate(replacement: leadingSpace + $0.name, display: $0.name) }
            }
            return searchWord(word, leading: String(leadingSpace))
        }
        let commandName = body[..<firstSpace].lowercased()
        let argumentStart = body[firstSpace...].firstIndex { $0 != " " } ?? body.endIndex
        let leading = String(prefix[..<argumentStart])
        let argument = String(body[argumentStart...])
        if let command = commands.first(where: { $0.name == commandName }) {
            switch command.argument {
            case .articles:
                return articleCandidates(argument, leading: leading)
            case .commands:
                guard !argument.contains(" ") else { return [] }
                return commands.filter { $0.name.hasPrefix(argument.lowercased()) }
                    .map { CompletionCandidate(replacement: leading + $0.name, display: $0.name) }
            case .values(let values):
                guard !argument.contains(" ") else { return [] }
                return values(knowledgeBase).filter { $0.value.lowercased().hasPrefix(argument.lowercased()) }
                    .map { CompletionCandidate(replacement: leading + $0.value, display: $0.value, detail: $0.detail) }
            case .none:
                if command.name != "search" { return [] }
            }
        }
        // A search: complete its last word.
        let lastSpace = prefix.lastIndex(of: " ")!
        let before = String(prefix[...lastSpace])
        return searchWord(String(prefix[prefix.index(after: lastSpace)...]), leading: before)
    }

    /// Ids whose id or title starts with `argument`, or whose title has a word starting with it.
    private func articleCandidates(_ argument: String, leading: String) -> [CompletionCandidate] {
        let lower = argument.lowercased()
        var byID: [CompletionCandidate] = []
        var byTitle: [CompletionCandidate] = []
        for article in articles {
            let candidate = CompletionCandidate(replacement: leading + article.id, display: article.id, detail: article.title)
            if article.id.hasPrefix(lower) {
                byID.append(candidate)
            } else if article.foldedTitle.hasPrefix(lower)
                || (!lower.isEmpty && !lower.contains(" ")
                    && article.foldedTitle.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0.hasPrefix(lower) })
            {
                byTitle.append(candidate)
            }
        }
        return byID + byTitle
    }

    /// A search word: a filter key, a filter value, or an index term.
    private func searchWord(_ word: String, leading: String) -> [CompletionCandidate] {
        let sign = word.hasPrefix("-") ? "-" : ""
        let bare = word.dropFirst(sign.count)
        if let colon = bare.firstIndex(of: ":") {
            let key = bare[..<colon].lowercased()
            let value = bare[bare.index(after: colon)...].lowercased()
            guard let values = filterValues.first(where: { $0.key == key })?.values else { return [] }
            return values.filter { $0.hasPrefix(value) }.map {
                CompletionCandidate(replacement: leading + sign + key + ":" + $0, display: key + ":" + $0)
            }
        }
        let lower = bare.lowercased()
        var result: [CompletionCandidate] = []
        if !lower.isEmpty {
            for key in Self.filterKeys where key.hasPrefix(lower) {
                result.append(CompletionCandidate(replacement: leading + sign + key + ":", display: key + ":"))
            }
            for term in terms(lower) where !result.contains(where: { $0.display == term }) {
                result.append(CompletionCandidate(replacement: leading + sign + term, display: term))
            }
        }
        return result
    }

    /// The longest common prefix of the candidates' replacements, when it extends `typed` (compared
    /// without case); else `typed`.
    public static func commonReplacement(of candidates: [CompletionCandidate], typed: String) -> String {
        guard var common = candidates.first?.replacement else { return typed }
        for candidate in candidates.dropFirst() {
            common = String(zip(common, candidate.replacement).prefix { $0 == $1 }.map(\.0))
        }
        return common.count >= typed.count && common.lowercased().hasPrefix(typed.lowercased()) ? common : typed
    }
}
