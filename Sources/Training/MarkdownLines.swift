import Foundation
import KnowledgeBase

/// One line of an article body with its line number in the file.
///
/// Training content (competencies, scenarios) has a small line-oriented grammar on top of Markdown, so it
/// is read line by line: that keeps every diagnostic on the exact file line a trainer wrote.
struct SourceLine: Sendable, Hashable {
    /// The line without its trailing newline.
    var text: String
    /// The 1-based line in the file.
    var number: Int

    /// The text without leading and trailing white space.
    var trimmed: String { text.trimmingCharacters(in: .whitespaces) }

    /// The heading level (1-6) when the line is an ATX heading, else `nil`.
    var headingLevel: Int? {
        let t = trimmed
        let hashes = t.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = t.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return hashes
    }

    /// The heading text without the `#` marks and any trailing `{#anchor}` block.
    var headingText: String {
        var rest = trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        while rest.hasSuffix("#") { rest = String(rest.dropLast()).trimmingCharacters(in: .whitespaces) }
        if rest.hasSuffix("}"), let open = rest.lastIndex(of: "{") {
            rest = String(rest[..<open]).trimmingCharacters(in: .whitespaces)
        }
        return rest
    }

    /// The text after a list marker (`- `, `* `, `+ `), or `nil` when the line is not a list item.
    var listItemText: String? {
        let t = trimmed
        for marker in ["- ", "* ", "+ "] where t.hasPrefix(marker) {
            return String(t.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The number of leading spaces (a tab counts as four).
    var indentation: Int {
        var count = 0
        for character in text {
            if character == " " {
                count += 1
            } else if character == "\t" {
                count += 4
            } else {
                break
            }
        }
        return count
    }
}

/// Splits an article body into lines, dropping fenced code blocks and HTML comments, which hold
/// examples and notes for trainers rather than content.
enum MarkdownLines {
    /// The meaningful lines of `article`'s body, with file line numbers.
    static func lines(of article: Article) -> [SourceLine] {
        lines(of: article.body, firstLine: article.bodyStartLine)
    }

    /// The meaningful lines of `body`, numbered from `firstLine`.
    static func lines(of body: String, firstLine: Int) -> [SourceLine] {
        var result: [SourceLine] = []
        var fence: String? = nil
        var inComment = false
        for (offset, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var text = String(raw)
            let number = firstLine + offset
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                result.append(SourceLine(text: "", number: number))
                continue
            }
            if !inComment, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                result.append(SourceLine(text: "", number: number))
                continue
            }
            // Remove HTML comments, which may span lines.
            var kept = ""
            var rest = Substring(text)
            while !rest.isEmpty {
                if inComment {
                    guard let close = rest.range(of: "-->") else {
                        rest = ""
                        break
                    }
                    rest = rest[close.upperBound...]
                    inComment = false
                } else if let open = rest.range(of: "<!--") {
                    kept += rest[..<open.lowerBound]
                    rest = rest[open.upperBound...]
                    inComment = true
                } else {
                    kept += rest
                    rest = ""
                }
            }
            text = kept
            result.append(SourceLine(text: text, number: number))
        }
        return result
    }

    /// Groups lines into `##`-level sections (`level` and deeper headings stay inside).
    ///
    /// - Returns: the lines before the first heading of `level`, and each section with its heading line.
    static func sections(_ lines: [SourceLine], level: Int) -> (
        preamble: [SourceLine], sections: [(heading: SourceLine, body: [SourceLine])]
    ) {
        var preamble: [SourceLine] = []
        var sections: [(heading: SourceLine, body: [SourceLine])] = []
        for line in lines {
            if let headingLevel = line.headingLevel, headingLevel <= level {
                if headingLevel == level {
                    sections.append((line, []))
                } else if sections.isEmpty {
                    preamble.append(line)
                } else {
                    // A higher-level heading (the `#` title) after sections: keep it out of them.
                    preamble.append(line)
                }
            } else if sections.isEmpty {
                preamble.append(line)
            } else {
                sections[sections.count - 1].body.append(line)
            }
        }
        return (preamble, sections)
    }
}

extension String {
    /// Removes Markdown emphasis and code marks (`**`, `__`, `` ` ``) that trainers use for readability.
    var withoutInlineMarks: String {
        replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "").replacingOccurrences(of: "`", with: "")
    }

    /// The string without leading and trailing white space and newlines.
    var trimmedText: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
