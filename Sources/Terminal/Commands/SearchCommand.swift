extension ReplCommand {
    /// `search WORDS`: what typing plain words does.
    public static let search = ReplCommand(
        name: "search", aliases: ["find"], usage: "search WORDS  (or just type the words)",
        summary: "Search the knowledge base; typing words alone does the same.",
        help: """
            Finds the sections that best match your words, in the customer's own words or yours: typos,
            plurals and synonyms are allowed (`refnd`, `money back`). Results are numbered; type a number
            to open one at the matching section, `more` for the next page.

              "exact phrase"     words next to each other
              -word              leave out sections with this word
              type:policy        only one kind (product, policy, script, faq, procedure)
              tag:refunds        only articles with this tag
              product:fibre-100  only articles about this product

            Tab completes filter keys, their values and indexed words. Use `search` explicitly when the
            first word is a command name (`search open account`).
            """,
        takesArguments: true
    ) { session, input throws(CommandError) in
        guard !input.text.isEmpty else { throw .usage("type the words to search for", command: "search") }
        try session.search(input.text)
        return .proceed
    }
}

extension ReplSession {
    /// The longest query searched; longer input is cut (a paste gone wrong is not a question).
    static let maximumQueryLength = 1000

    /// Searches, lists the first page of results and makes them the list numbers refer to.
    func search(_ typed: String) throws(CommandError) {
        var query = typed
        if query.count > Self.maximumQueryLength {
            query = String(query.prefix(Self.maximumQueryLength))
            output.writeLine("(the search was cut to its first \(Self.maximumQueryLength) characters)", style: .dim)
        }
        let page = searchPage(query, offset: 0)
        if let note = page.meaningNote { output.writeLine(note, style: .dim) }
        guard !page.entries.isEmpty else {
            output.writeLine("No results for '\(query)'.")
            let hint = "Try fewer or other words, or check the filters (`help search`)."
            output.writeLine(hint, style: .dim)
            return
        }
        if let corrected = page.correctedQuery {
            output.writeLine("No results for '\(query)'; showing results for '\(corrected)'.", style: .dim)
        } else if let suggestion = page.suggestion {
            output.writeLine("did you mean: \(suggestion)", style: .dim)
        }
        let list = ResultList(
            source: .search(query: page.correctedQuery ?? query), entries: page.entries, total: page.total,
            shown: 0..<page.entries.count, isTotalExact: page.isTotalExact, queryWordCount: page.queryWordCount)
        self.list = list
        searchList = list
        printList(list)
    }

    /// One page of results for `query` from `offset`.
    func searchPage(_ query: String, offset: Int) -> SearchPage {
        searchIndex.search(query, limit: pageSize, offset: offset)
    }
}
