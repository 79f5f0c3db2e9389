extension ReplCommand {
    /// `more`: the next page of the list on screen.
    public static let more = ReplCommand(
        name: "more", usage: "more", summary: "Show the next page of results.",
        help:
            "Shows the next page of the search results (or related articles) on screen. Numbers keep counting up, so `12` opens the twelfth result.",
        takesArguments: false
    ) { session, _ throws(CommandError) in
        try session.showNextPage()
        return .proceed
    }

    /// `back`: the search results again.
    public static let back = ReplCommand(
        name: "back", usage: "back", summary: "Return to the result list.",
        help: "Shows the page of search results you were on before opening an article or listing related ones.",
        takesArguments: false
    ) { session, _ throws(CommandError) in
        guard let list = session.searchList else { throw .failed("there are no results to go back to; type some words to search") }
        session.list = list
        session.printList(list)
        return .proceed
    }

    /// `related`: articles sharing tags, products or links with the open one.
    public static let related = ReplCommand(
        name: "related", usage: "related", summary: "List articles related to the open one.",
        help:
            "Lists the articles that share tags or products with the article you opened last, or link to it or from it, best first. Type a number to open one; `back` returns to your search results.",
        takesArguments: false
    ) { session, _ throws(CommandError) in
        guard let article = session.openArticle else {
            throw .failed("no article is open; open one with a result number or `open ID` first")
        }
        let related = session.knowledgeBase.related(to: article, limit: 50)
        guard !related.isEmpty else {
            session.output.writeLine("Nothing is related to \(article.title).")
            return .proceed
        }
        let entries = related.map {
            ListedResult(
                article: $0, sectionIndex: nil, snippet: $0.summary.map { [StyledSpan($0)] } ?? [], highlightedForms: [],
                isStale: $0.isStale(on: .today()), isPromoted: false)
        }
        let list = ResultList(
            source: .related(to: article), entries: entries, total: entries.count, shown: 0..<min(entries.count, session.pageSize))
        session.list = list
        session.printList(list)
        return .proceed
    }
}

extension ReplSession {
    /// Shows the page after the one on screen, fetching more search results when needed.
    func showNextPage() throws(CommandError) {
        guard var current = list else { throw .failed("there are no results to page through; type some words to search") }
        let start = current.shown.upperBound
        guard start < current.total else { throw .failed("that was the last page (\(current.total) in all)") }
        if case .search(let query) = current.source, current.entries.count < min(current.total, start + pageSize) {
            let page = searchPage(query, offset: current.entries.count)
            current.entries += page.entries
            if page.entries.count < pageSize {
                // The last page: every match is here, so the total is a count.
                current.total = current.entries.count
                current.isTotalExact = true
            } else {
                current.total = max(current.entries.count, page.isTotalExact ? page.total : min(current.total, page.total))
                current.isTotalExact = page.isTotalExact
            }
        }
        current.shown = start..<min(current.entries.count, start + pageSize)
        guard !current.shown.isEmpty else { throw .failed("that was the last page") }
        list = current
        if case .search = current.source { searchList = current }
        printList(current)
    }
}
