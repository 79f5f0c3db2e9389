import Foundation

/// Turns the text of one Markdown file into an ``Article``, collecting diagnostics instead of failing.
public enum ArticleParser {
    /// Parses `text`, the content of the file at `path` (relative to the content folder).
    public static func parse(_ text: String, path: String) -> (article: Article, diagnostics: [Diagnostic]) {
        let parsed = parse(text, path: path, keeping: nil)
        // Without a kind filter every file becomes an article.
        return (parsed.article!, parsed.diagnostics)
    }

    /// Parses `text` if its kind (from the front matter or the folder) is in `kinds` (nil: any),
    /// without reading the Markdown of a file that is not wanted. A knowledge article read from the
    /// file at `fullPath` leaves its Markdown and front matter there, to be read again when asked for.
    static func parse(_ text: String, path: String, keeping kinds: Set<ArticleKind>?, fullPath: String? = nil, folder: String? = nil)
        -> (article: Article?, diagnostics: [Diagnostic])
    {
        // A file whose kind is plain to see and unwanted is skipped without parsing it.
        if let kinds, let kind = evidentKind(text, path: path), !kinds.contains(kind) { return (nil, []) }
        let split = FrontMatterParser.parse(text, path: path)
        let fields = FieldReader(frontMatter: split.frontMatter, path: path)
        let kind = kind(fields: fields, path: path)
        if let kinds, !kinds.contains(kind) { return (nil, []) }
        var diagnostics = split.diagnostics
        let outline = MarkdownOutline(parsing: split.body, blank: blank)
        let lineOffset = split.bodyStartLine - 1
        if let line = outline.flattenedLine {
            diagnostics.append(
                .warning(
                    "lists or quotes nested more than \(Markdown.maximumDepth) levels deep are shown flattened from here; use fewer levels",
                    path: path, line: line + lineOffset))
        }

        let title =
            fields.string("title")
            ?? outline.blocks.first(where: { $0.headingLevel == 1 })?.text
            ?? fileTitle(path)
        let sections = makeSections(outline.blocks, lineOffset: lineOffset, title: title)
        let links = outline.links.map { ArticleLink(destination: $0.destination, text: $0.text, line: $0.line + lineOffset) }
        let facts = markedFacts(outline, lineOffset: lineOffset)

        var reviewEvery = Article.defaultReviewInterval
        if let days = fields.integer("review_every") {
            if days > 0 {
                reviewEvery = days
            } else {
                fields.report("field 'review_every' should be a positive number of days, found \(days)", key: "review_every")
            }
        }
        let article = Article(
            id: fields.string("id") ?? derivedID(path),
            title: title.isEmpty ? fileTitle(path) : title,
            kind: kind,
            tags: fields.stringList("tags"),
            products: fields.stringList("products"),
            summary: fields.string("summary"),
            updated: fields.date("updated"),
            reviewed: fields.date("reviewed"),
            reviewEvery: reviewEvery,
            owner: fields.string("owner"),
            promote: fields.stringList("promote"),
            path: path,
            storedBody: ArticleBody(split, kind: kind, fullPath: fullPath, folder: folder, path: path),
            bodyStartLine: split.bodyStartLine,
            sections: sections,
            links: links,
            facts: facts)
        diagnostics += fields.diagnostics
        if let id = fields.string("id"), !isValidID(id) {
            diagnostics.append(
                .warning(
                    "id '\(id)' should use only lower-case letters, digits, '-', '_' and '/'", path: path,
                    line: split.frontMatter["id"]?.line))
        }
        if sections.allSatisfy({ $0.text.isEmpty }) && !text.isEmpty {
            diagnostics.append(.warning("article has no text; write a body or delete the file", path: path, line: split.bodyStartLine))
        }
        return (article, diagnostics)
    }

    /// The id of a file without an `id:` field: its path without extension, lower-cased, spaces as `-`.
    public static func derivedID(_ path: String) -> String {
        var stem = path
        if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") { stem = String(stem[..<dot]) }
        return stem.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: "-")
    }

    private static func isValidID(_ id: String) -> Bool {
        !id.isEmpty
            && id.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || "-_/.".unicodeScalars.contains(scalar)
            }
    }

    private static func fileTitle(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
        return stem.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }

    private static func kind(fields: FieldReader, path: String) -> ArticleKind {
        if let type = fields.string("type") {
            if let kind = ArticleKind(typeName: type) { return kind }
            let known = ArticleKind.allCases.map(\.rawValue)
            let hint = EditDistance.closest(to: type.lowercased(), among: known).map { "did you mean '\($0)'? " } ?? ""
            fields.report(
                "unknown type '\(type)'; \(hint)expected one of \(known.joined(separator: ", ")) (the file loads as its folder's kind)",
                key: "type", severity: .warning)
        }
        return folderKind(path)
    }

    /// The kind of a file as a glance shows it: the value of a plain `type:` line in its front
    /// matter, else its folder's kind; nil when only parsing the front matter can tell.
    private static func evidentKind(_ text: String, path: String) -> ArticleKind? {
        guard text.hasPrefix("---\n") else { return text.containsBytes("\ntype:") ? nil : folderKind(path) }
        guard let close = text.byteRange(of: "\n---") else { return nil }
        let frontMatter = text[..<close.lowerBound]
        guard let type = frontMatter.byteRange(of: "\ntype:") else { return folderKind(path) }
        var value = frontMatter[type.upperBound...].prefix { $0 != "\n" }.trimmed
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return ArticleKind(typeName: value)
    }

    /// The kind the nearest folder named after one gives (`policies/…` → policy), else `article`.
    private static func folderKind(_ path: String) -> ArticleKind {
        for folder in path.split(separator: "/").dropLast().reversed() {
            if let kind = ArticleKind(folderName: String(folder)) { return kind }
        }
        return .article
    }

    /// Splits the document's top-level blocks at headings. A heading that repeats `title` shares
    /// its storage, and sections under the same headings share one array of them.
    static func makeSections(_ blocks: [MarkdownOutline.Block], lineOffset: Int, title: String? = nil) -> [Section] {
        var sections: [Section] = []
        var headingStack: [(level: Int, text: String)] = []
        var ancestors: [String] = []
        var current = Section(heading: nil, level: 0, headingPath: [], text: "", startLine: 1 + lineOffset, endLine: 1 + lineOffset)
        var text = ""
        func flush() {
            text = text.trimmed
            guard current.heading != nil || !text.isEmpty else { return }
            // A copy at its exact size: appending left room to grow, a third more at 100,000 articles.
            current.text = String(decoding: Array(text.utf8), as: UTF8.self)
            sections.append(current)
        }
        for block in blocks {
            if block.headingLevel > 0 {
                flush()
                let level = block.headingLevel
                let heading = block.text == title ? title! : block.text
                headingStack.removeAll { $0.level >= level }
                if ancestors.count != headingStack.count || !zip(ancestors, headingStack).allSatisfy({ $0 == $1.text }) {
                    ancestors = headingStack.map(\.text)
                }
                headingStack.append((level, heading))
                current = Section(
                    heading: heading, level: level, ancestors: ancestors,
                    startLine: block.line + lineOffset, endLine: block.endLine + lineOffset)
                text = ""
            } else {
                if !block.text.isEmpty { text += text.isEmpty ? block.text : "\n" + block.text }
                current.endLine = max(current.endLine, block.endLine + lineOffset)
            }
        }
        flush()
        return sections
    }

    /// The marked facts, each with the sentence around it as a fill-in-the-blank prompt and the
    /// heading it is under.
    private static func markedFacts(_ outline: MarkdownOutline, lineOffset: Int) -> [MarkedFact] {
        var heading: String? = nil
        var nextBlock = 0
        return outline.facts.map { fact in
            while nextBlock <= fact.block, nextBlock < outline.blocks.count {
                if outline.blocks[nextBlock].headingLevel > 0 { heading = outline.blocks[nextBlock].text }
                nextBlock += 1
            }
            return MarkedFact(
                answer: fact.answer, prompt: sentence(containing: blank, in: fact.context), section: heading,
                line: fact.line + lineOffset)
        }
    }

    /// What stands for the marked fact in its quiz prompt.
    static let blank = "_____"

    /// The sentence of `text` holding `marker` (sentences end in `.`, `!` or `?` before a space), on
    /// one line. Works on bytes: every character it looks for is ASCII.
    static func sentence(containing marker: String, in text: String) -> String {
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] == 0x0A { bytes[index] = 0x20 }
        let markerBytes = Array(marker.utf8)
        guard !markerBytes.isEmpty, let markerStart = bytes.withUnsafeBufferPointer({ firstOffset(of: markerBytes, in: $0) }) else {
            return String(decoding: bytes, as: UTF8.self).trimmed
        }
        @inline(__always) func endsSentence(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x21 || byte == 0x3F }
        var start = 0
        var index = markerStart
        while index > 0 {
            if endsSentence(bytes[index - 1]), index < bytes.count, bytes[index] == 0x20 {
                start = index
                break
            }
            index -= 1
        }
        var end = bytes.count
        index = markerStart + markerBytes.count
        while index < bytes.count {
            if endsSentence(bytes[index]), index + 1 == bytes.count || bytes[index + 1] == 0x20 {
                end = index + 1
                break
            }
            index += 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self).trimmed
    }
}
