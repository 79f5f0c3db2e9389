import KnowledgeBase

extension ReplSession {
    /// The command a line that would otherwise be searched for probably meant, or `nil` to search.
    ///
    /// - A line that starts with `frontline ` was typed as if at the shell: the rest is the command
    ///   (`frontline roleplay x` → `practice x`).
    /// - A first word one edit from a command's name (`opne 1`, `practise delivery-delay-phone`) meant
    ///   that command when what follows is a number or a known id, or when the word is alone and not a
    ///   word of the knowledge base (`opne`, but never `bank` for `back`).
    func commandSuggestion(for line: String) -> String? {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first?.lowercased() else { return nil }
        if first == "frontline", words.count >= 2 {
            let shellNames = ["roleplay": "practice", "find": "search"]
            let name = words[1].lowercased()
            let replName = shellNames[name] ?? name
            guard commands.command(named: replName) != nil else { return nil }
            // Options of the shell command (`--trainee kim`) mean nothing here.
            var rest: [String] = []
            var skipValue = false
            for word in words.dropFirst(2) {
                if skipValue {
                    skipValue = false
                } else if word.hasPrefix("--") {
                    skipValue = !word.contains("=")
                } else if !word.hasPrefix("-") {
                    rest.append(word)
                }
            }
            return ([replName] + rest).joined(separator: " ")
        }
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
