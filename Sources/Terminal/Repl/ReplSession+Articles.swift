import Foundation
import KnowledgeBase

extension ReplSession {
    /// Opens result `number` of the list on screen.
    func openResult(_ number: Int) throws(CommandError) {
        guard let list else {
            throw .failed("there is no result \(number) to open; type some words to search first")
        }
        guard number >= 1, number <= list.entries.count else {
            let count = list.entries.count
            throw .failed("there is no result \(number); choose a number from 1 to \(count)")
        }
        let entry = list.entries[number - 1]
        show(entry.article, sectionIndex: entry.sectionIndex, highlightedForms: entry.highlightedForms)
    }

    /// The article with `reference` as its id, or as its title (ignoring case).
    func article(matching reference: String) -> Article? {
        if let article = knowledgeBase.article(id: reference) ?? knowledgeBase.article(id: reference.lowercased()) {
            return article
        }
        let lower = reference.lowercased()
        return knowledgeBase.articles.first { $0.title.lowercased() == lower }
    }

    /// The article id `reference` was probably meant to be: one a small typo away, or one that
    /// contains it or is contained in it (`refunds-policy` → `refunds`), the shortest such first.
    func closestArticleID(to reference: String) -> String? {
        let lower = reference.lowercased()
        let ids = knowledgeBase.articles.map(\.id)
        if let close = EditDistance.closest(to: lower, among: ids) { return close }
        let overlapping = ids.filter { $0.count >= 4 && lower.count >= 4 && ($0.contains(lower) || lower.contains($0)) }
        return overlapping.min { abs($0.count - lower.count) < abs($1.count - lower.count) }
    }

    /// Renders `article` for the terminal and shows it, through the pager when it does not fit, opening
    /// at `sectionIndex`.
    func show(_ article: Article, sectionIndex: Int?, highlightedForms: Set<String>) {
        openArticle = article
        let highlighter = highlightedForms.isEmpty ? Highlighter.none : searchIndex.highlighter(for: highlightedForms)
        let renderer = MarkdownRenderer(
            width: output.columns, theme: output.theme, highlighter: highlighter, articleTitle: articleTitles)
        var lines = header(for: article)
        let body = article.body
        if Article.bodyFingerprint(of: body) != article.bodyFingerprint {
            let note = "! the file has changed since it was loaded: type `reload` to search what it says now"
            lines.insert(contentsOf: TextWrapper.wrap([[StyledSpan(note, style: .warning)]], width: output.columns), at: lines.count - 1)
        }
        let rendered = renderer.render(markdown: body)
        let bodyStart = lines.count
        lines += rendered.lines
        var startLine: Int? = nil
        if let sectionIndex, sectionIndex < article.sections.count, sectionIndex > 0 || article.sections[0].heading != nil {
            let sourceLine = article.sections[sectionIndex].startLine - (article.bodyStartLine - 1)
            startLine = rendered.outputLine(forSourceLine: sourceLine).map { bodyStart + $0 + 1 }
        }
        if output.isTerminal, Pager.needsPaging(lineCount: lines.count, rows: output.rows),
            pager.show(output.theme.encode(lines), startingAt: startLine)
        {
            return
        }
        output.write(lines)
    }

    /// The line above an article: kind, id, file, review date and owner; a warning when it is overdue.
    func header(for article: Article) -> [StyledLine] {
        var parts = [article.kind.rawValue, article.id, article.path]
        if let reviewed = article.lastReviewed { parts.append("reviewed \(reviewed)") }
        if let owner = article.owner { parts.append(owner) }
        var lines = TextWrapper.wrap([[StyledSpan(parts.joined(separator: " · "), style: .dim)]], width: output.columns)
        if let days = article.daysOverdue(on: ContentDate.today()) {
            let who = article.owner.map { "check with \($0)" } ?? "check it"
            let warning = "! past its review date by \(days) day\(days == 1 ? "" : "s"): \(who) before quoting it"
            lines += TextWrapper.wrap([[StyledSpan(warning, style: .warning)]], width: output.columns)
        }
        lines.append(StyledLine())
        return lines
    }

    /// Prints a numbered list's page, with a line saying where it is.
    func printList(_ list: ResultList) {
        var lines: [StyledLine] = []
        let numberWidth = String(list.shown.upperBound).count
        for index in list.shown {
            let entry = list.entries[index]
            let number = String(index + 1)
            let prefix = StyledLine(String(repeating: " ", count: numberWidth - number.count) + number + ". ", style: .strong)
            var title = StyledLine(entry.article.title, style: .strong)
            if let sectionIndex = entry.sectionIndex, sectionIndex < entry.article.sections.count,
                let heading = entry.article.sections[sectionIndex].heading,
                heading.caseInsensitiveCompare(entry.article.title) != .orderedSame
            {
                title.append(" › " + heading)
            }
            title.append(" · " + entry.article.kind.rawValue + " · " + entry.article.id, style: .dim)
            if entry.isPromoted { title.append(" · pinned", style: .dim) }
            if entry.isStale { title.append(" · review overdue", style: .warning) }
            switch entry.match {
            case .full: break
            case .partial(let missing): title.append(" · without “\(missing.joined(separator: "”, “"))”", style: .dim)
            case .similarOnly: title.append(" · similar words only", style: .warning)
            }
            lines += TextWrapper.wrap(title.spans, width: output.columns, hangingAfter: prefix)
            if !entry.snippet.isEmpty {
                let indent = StyledLine(String(repeating: " ", count: numberWidth + 2))
                // Two lines of snippet at most; a cut one ends in "…" (room made for it on a full line).
                let wrapped = TextWrapper.wrap(output.theme.marked(entry.snippet), width: output.columns - 2, hangingAfter: indent)
                var shown = Array(wrapped.prefix(2))
                if wrapped.count > shown.count { shown[shown.count - 1].append(" …", style: .dim) }
                lines += shown
            }
        }
        let first = list.shown.lowerBound + 1
        let last = list.shown.upperBound
        var footer = "\(first == last ? "\(first)" : "\(first)–\(last)") of \(list.isTotalExact ? "" : "about ")\(list.total)"
        switch list.source {
        case .search: footer += list.total == 1 ? " result" : " results"
        case .related(let article): footer += " related to \(article.title)"
        }
        footer += ". Type a number to open it"
        // Every result lacks half the words or more, or shows only other words: say so.
        let shown = list.entries[list.shown]
        if case .search = list.source, !shown.isEmpty {
            if shown.allSatisfy({ $0.match == .similarOnly }) {
                footer = "No result has your own words; these have similar ones. " + footer
            } else if shown.allSatisfy({ entry in
                switch entry.match {
                case .full: false
                case .similarOnly: true
                case .partial(let missing): missing.count * 2 >= max(1, list.queryWordCount)
                }
            }) {
                footer = "Nothing matches all your words; these are the closest. " + footer
            }
        }
        footer += last < list.total ? "; `more` shows the next page." : "."
        lines += TextWrapper.wrap([[StyledSpan(footer, style: .dim)]], width: output.columns)
        output.write(lines)
    }

    /// How many results fit on one page: ten, fewer on a short terminal.
    var pageSize: Int {
        guard output.isTerminal else { return 10 }
        return max(3, min(10, (output.rows - 2) / 3))
    }
}
