import KnowledgeBase

extension ReplSession {
    /// What to say instead of searching for a line that was meant as a command, or `nil` to search.
    ///
    /// - A line typed as if at the shell (`frontline search refund`, `$ frontline --content c quiz`,
    ///   `.build/release/frontline check`): the REPL command it means, or, for a command that only runs
    ///   at the shell, where to run it.
    /// - A first word one edit from a command's name (`opne 1`, `practise delivery-delay-phone`) meant
    ///   that command when what follows is a number or a known id, or when the word is alone and not a
    ///   word of the knowledge base (`opne`, but never `bank` for `back`).
    func commandAdvice(for line: String) -> String? {
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.first == "$" || words.first == "%" { words.removeFirst() }
        if let first = words.first, first.lowercased() == "frontline" || first.hasSuffix("/frontline") {
            return shellAdvice(Array(words.dropFirst()))
        }
        return commandSuggestion(for: words).map { "did you mean `\($0)`? (to search for these words, type `search \(line)`)" }
    }

    /// The advice for a shell command line pasted at the prompt (`words` after `frontline`).
    private func shellAdvice(_ words: [String]) -> String? {
        // Options (`--content DIR`, `--limit 3`, `-h`) mean nothing here; what is left is the command.
        var rest: [String] = []
        var skipValue = false
        for word in words {
            if skipValue {
                skipValue = false
            } else if word.hasPrefix("--") {
                skipValue = !word.contains("=") && !["--json", "--list", "--stale", "--all", "--no-record"].contains(word)
            } else if !word.hasPrefix("-") {
                rest.append(word)
            }
        }
        guard let name = rest.first?.lowercased() else {
            return "that starts frontline from the shell; you are in it already (`help` lists the commands)"
        }
        let replNames = ["roleplay": "practice", "find": "search", "repl": "help"]
        let replName = replNames[name] ?? name
        if commands.command(named: replName) != nil {
            return "did you mean `\(([replName] + rest.dropFirst()).joined(separator: " "))`? here there is no need for `frontline`"
        }
        let shellOnly = ["check": "`reload` re-reads and checks the content here", "calibrate": nil, "report": nil]
        if shellOnly.keys.contains(name) {
            let here = shellOnly[name].flatMap { $0 }.map { "; \($0)" } ?? ""
            return "`frontline \(name)` runs at the shell, not at this prompt\(here)"
        }
        return nil
    }

    /// The command words one edit from a command meant (see ``commandAdvice(for:)``), or `nil`.
    func commandSuggestion(for words: [String]) -> String? {
        guard let first = words.first?.lowercased() else { return nil }
        guard first.count >= 3, commands.command(named: first) == nil else { return nil }
        let names = commands.commands.flatMap { [$0.name] + $0.aliases }
        guard let meant = names.first(where: { EditDistance.between($0, first) == 1 }), let command = commands.command(named: meant) else {
            return nil
        }
        let rest = Array(words.dropFirst())
        if rest.isEmpty {
            guard first.count >= 4, !searchIndex.completions(forPrefix: first).contains(first) else { return nil }
        } else if !(rest.count == 1 && Int(rest[0]) != nil) {
            guard command.takesArguments, knownIDs.contains(rest[0].lowercased()) else { return nil }
        }
        return ([command.name] + rest).joined(separator: " ")
    }

    /// Ids a command's argument may be: articles (scenarios and quizzes among them) and competencies.
    var knownIDs: Set<String> {
        Set(knowledgeBase.articles.map(\.id)).union(knowledgeBase.articles.flatMap(\.tags))
    }
}
