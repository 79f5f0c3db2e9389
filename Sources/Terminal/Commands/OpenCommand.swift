extension ReplCommand {
    /// `open N|ID`: shows a result or an article.
    public static let open = ReplCommand(
        name: "open", aliases: ["show"], usage: "open N | open ID",
        summary: "Show result N, or the article with id ID, at the matching section.",
        help: """
            Shows an article rendered for the terminal. With a number, opens that result of the list on
            screen at the section that matched, with the words of the search highlighted; typing the
            number alone does the same. With an article id (Tab completes ids and titles), opens that
            article from the top; words that are no id or title are searched for. Long articles open in the pager ($PAGER, default `less -R`): space
            pages, `q` returns to the prompt.
            """,
        completion: .articles, takesArguments: true
    ) { session, input throws(CommandError) in
        guard !input.text.isEmpty else { throw .usage("say which result or article to open", command: "open") }
        if input.arguments.count == 1, let number = Int(input.arguments[0]) {
            try session.openResult(number)
            return .proceed
        }
        guard let article = session.article(matching: input.text) else {
            // A near miss of an id gets a suggestion; anything else is searched for, as typed words are.
            if !input.text.contains(" "), let meant = session.closestArticleID(to: input.text) {
                throw .failed("no article '\(input.text)'; did you mean `open \(meant)`?")
            }
            session.output.writeLine("No article has the id or title '\(input.text)'; searching for the words instead.", style: .dim)
            try session.search(input.text)
            return .proceed
        }
        session.show(article, sectionIndex: nil, highlightedForms: [])
        return .proceed
    }
}
