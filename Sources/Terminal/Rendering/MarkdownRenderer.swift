import Foundation
import KnowledgeBase

/// Lines rendered from Markdown, with where each heading landed.
public struct RenderedDocument: Sendable {
    /// Where a heading of the source starts in the output.
    public struct Anchor: Sendable, Hashable {
        /// The heading's line in the parsed Markdown text (1-based).
        public var sourceLine: Int
        /// The index of the heading's first line in ``RenderedDocument/lines``.
        public var outputLine: Int
    }

    /// The rendered lines.
    public var lines: [StyledLine]
    /// The headings in document order.
    public var anchors: [Anchor]

    /// The output line of the heading at `sourceLine`, or of the last heading before it.
    public func outputLine(forSourceLine sourceLine: Int) -> Int? {
        anchors.last(where: { $0.sourceLine <= sourceLine })?.outputLine
    }
}

/// Renders a ``MarkdownNode`` tree for the terminal: headings, emphasis, lists, numbered steps, block
/// quotes, code, links, and tables, wrapped to a width and with matched query words highlighted.
///
/// All text from the document passes through ``StyledSpan``, which strips escape sequences and control
/// characters; only the ``Theme`` adds escape codes.
public struct MarkdownRenderer: Sendable {
    /// The width to wrap to, in terminal columns.
    public var width: Int
    /// How styles look.
    public var theme: Theme
    /// The words to highlight.
    public var highlighter: Highlighter
    /// The title of the article with an id, for `kb:` links.
    public var articleTitle: @Sendable (String) -> String?

    /// Narrower than this, nested blocks stop indenting further.
    static let minimumIndentedWidth = 16

    /// A renderer; `articleTitle` gives the titles of `kb:` links' targets (a link whose text is the
    /// title needs no id after it).
    public init(
        width: Int, theme: Theme, highlighter: Highlighter = .none,
        articleTitle: @escaping @Sendable (String) -> String? = { _ in nil }
    ) {
        self.width = max(8, width)
        self.theme = theme
        self.highlighter = highlighter
        self.articleTitle = articleTitle
    }

    /// Renders a parsed document.
    ///
    /// - Complexity: O(n) in the size of the document, plus table layout.
    public func render(_ document: MarkdownNode) -> RenderedDocument {
        var lines: [StyledLine] = []
        var anchors: [RenderedDocument.Anchor] = []
        for block in document.children {
            let rendered = self.block(block, width: width)
            guard !rendered.isEmpty else { continue }
            if !lines.isEmpty { lines.append(StyledLine()) }
            if case .heading = block.kind {
                anchors.append(RenderedDocument.Anchor(sourceLine: block.line, outputLine: lines.count))
            }
            lines += rendered
        }
        return RenderedDocument(lines: lines, anchors: anchors)
    }

    /// Renders Markdown text.
    public func render(markdown: String) -> RenderedDocument { render(Markdown.parse(markdown)) }

    // MARK: Blocks

    /// Renders `nodes` as blocks one after another, separated by blank lines unless `tight`.
    func blocks(_ nodes: [MarkdownNode], width: Int, tight: Bool = false) -> [StyledLine] {
        var lines: [StyledLine] = []
        for node in nodes {
            let rendered = block(node, width: width)
            guard !rendered.isEmpty else { continue }
            if !lines.isEmpty, !tight { lines.append(StyledLine()) }
            lines += rendered
        }
        return lines
    }

    func block(_ node: MarkdownNode, width: Int) -> [StyledLine] {
        switch node.kind {
        case .document, .item, .other:
            return blocks(node.children, width: width)
        case .paragraph:
            return TextWrapper.wrap(inline(node.children, style: []), width: width)
        case .heading(let level):
            return heading(node, level: level, width: width)
        case .blockQuote:
            let indented = width - 2 >= Self.minimumIndentedWidth
            let inner = blocks(node.children, width: indented ? width - 2 : width)
            guard indented else { return inner }
            let bar = StyledSpan(theme.quoteBar, style: .decoration)
            return inner.map { line in
                var prefixed = StyledLine([bar])
                prefixed.append(contentsOf: line)
                return prefixed.trimmingTrailingSpaces()
            }
        case .list(let ordered, let start, let tight):
            return list(node, ordered: ordered, start: start, tight: tight, width: width)
        case .codeBlock:
            return codeBlock(node.literal, width: width)
        case .htmlBlock:
            let text = Markdown.textOfHTML(node.literal).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return [] }
            return TextWrapper.wrap([[StyledSpan(text)]], width: width)
        case .thematicBreak:
            return [StyledLine(String(repeating: theme.ruleCharacter, count: min(width, 40)), style: .decoration)]
        case .table(let alignments):
            return TableRenderer(renderer: self).render(node, alignments: alignments, width: width)
        default:
            // Inline content where a block was expected: render it as a paragraph.
            return TextWrapper.wrap(inline([node], style: []), width: width)
        }
    }

    private func heading(_ node: MarkdownNode, level: Int, width: Int) -> [StyledLine] {
        var style: TextStyle = .heading
        if level == 1 { style.insert(.underline) }
        var lines: [StyledLine] = []
        if !theme.usesColour, level >= 3 {
            var segments = inline(node.children, style: style)
            segments[0].insert(StyledSpan(String(repeating: "#", count: level) + " ", style: .decoration), at: 0)
            return TextWrapper.wrap(segments, width: width)
        }
        lines = TextWrapper.wrap(inline(node.children, style: style), width: width)
        if !theme.usesColour, level <= 2 {
            let underline = level == 1 ? "=" : "-"
            let widest = lines.map(\.width).max() ?? 0
            lines.append(StyledLine(String(repeating: underline, count: max(1, widest)), style: .decoration))
        }
        return lines
    }

    private func list(_ node: MarkdownNode, ordered: Bool, start: Int, tight: Bool, width: Int) -> [StyledLine] {
        let items = node.children
        let markers = items.indices.map { ordered ? "\(start + $0)." : theme.bullet }
        let markerWidth = (markers.map { DisplayWidth.of($0) }.max() ?? 1) + 1
        let indented = width - markerWidth >= Self.minimumIndentedWidth
        let innerWidth = indented ? width - markerWidth : width
        var lines: [StyledLine] = []
        for (index, item) in items.enumerated() {
            if index > 0, !tight { lines.append(StyledLine()) }
            var itemLines = blocks(item.children, width: innerWidth, tight: tight)
            if itemLines.isEmpty { itemLines = [StyledLine()] }
            let marker = markers[index]
            let padding = String(repeating: " ", count: max(1, markerWidth - DisplayWidth.of(marker)))
            for (lineIndex, line) in itemLines.enumerated() {
                var prefixed = StyledLine()
                if lineIndex == 0 {
                    prefixed.append(StyledSpan(marker, style: ordered ? .strong : .decoration))
                    prefixed.append(StyledSpan(trusted: padding, style: []))
                } else if indented, !line.isEmpty {
                    prefixed.append(StyledSpan(trusted: String(repeating: " ", count: markerWidth), style: []))
                }
                prefixed.append(contentsOf: line)
                lines.append(prefixed)
            }
        }
        return lines
    }

    private func codeBlock(_ literal: String, width: Int) -> [StyledLine] {
        var sourceLines = literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = sourceLines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { sourceLines.removeLast() }
        let indent = width - 2 >= Self.minimumIndentedWidth ? 2 : 0
        var lines: [StyledLine] = []
        for source in sourceLines {
            let text = StyledSpan(source.replacingOccurrences(of: "\t", with: "    ")).text
            var rest = Substring(text)
            repeat {
                let (head, tail) = DisplayWidth.split(rest, fitting: width - indent)
                var line = StyledLine()
                line.append(StyledSpan(trusted: String(repeating: " ", count: indent), style: []))
                line.append(StyledSpan(trusted: String(head), style: .code))
                lines.append(line.trimmingTrailingSpaces())
                rest = tail
            } while !rest.isEmpty
        }
        return lines
    }

    // MARK: Inline content

    /// The spans of inline nodes, split into segments at hard line breaks.
    func inline(_ nodes: [MarkdownNode], style: TextStyle) -> [[StyledSpan]] {
        var segments: [[StyledSpan]] = [[]]
        appendInline(nodes, style: style, to: &segments)
        return segments
    }

    private func appendInline(_ nodes: [MarkdownNode], style: TextStyle, to segments: inout [[StyledSpan]]) {
        for node in nodes {
            switch node.kind {
            case .text:
                appendText(node.literal, style: style, to: &segments)
            case .softBreak:
                segments[segments.count - 1].append(StyledSpan(trusted: " ", style: style))
            case .lineBreak:
                segments.append([])
            case .code:
                appendMarked(style: style.union(.code), to: &segments) { segments in
                    appendText(node.literal, style: style.union(.code), to: &segments)
                }
            case .htmlInline:
                let text = Markdown.textOfHTML(node.literal)
                if !text.trimmingCharacters(in: .whitespaces).isEmpty || text.isEmpty {
                    appendText(text, style: style, to: &segments)
                }
            case .emphasis, .fact:
                appendInline(node.children, style: style.union(.emphasis), to: &segments)
            case .strong:
                appendMarked(style: style.union(.strong), to: &segments) { segments in
                    appendInline(node.children, style: style.union(.strong), to: &segments)
                }
            case .strikethrough:
                appendMarked(style: style.union(.strikethrough), to: &segments) { segments in
                    appendInline(node.children, style: style.union(.strikethrough), to: &segments)
                }
            case .link(let destination, _):
                appendInline(node.children, style: style.union(.link), to: &segments)
                if let suffix = linkSuffix(destination: destination, text: node.plainText) {
                    segments[segments.count - 1].append(StyledSpan(" " + suffix, style: style.union(.dim)))
                }
            case .image(let source, _):
                let alt = node.plainText.trimmingCharacters(in: .whitespaces)
                let label = alt.isEmpty ? "[image]" : "[image: \(alt)]"
                segments[segments.count - 1].append(StyledSpan(label, style: style.union(.dim)))
                if !source.isEmpty { segments[segments.count - 1].append(StyledSpan(" <\(source)>", style: style.union(.dim))) }
            default:
                // Anything else (blocks inside a table cell, unknown inline nodes): keep the text.
                appendInline(node.children, style: style, to: &segments)
            }
        }
    }

    /// Wraps what `body` appends in the theme's plain-text marks for `style` (`*bold*`, `` `code` ``).
    private func appendMarked(style: TextStyle, to segments: inout [[StyledSpan]], _ body: (inout [[StyledSpan]]) -> Void) {
        let marks = theme.marks(for: style)
        if !marks.open.isEmpty { segments[segments.count - 1].append(StyledSpan(trusted: marks.open, style: style)) }
        body(&segments)
        if !marks.close.isEmpty { segments[segments.count - 1].append(StyledSpan(trusted: marks.close, style: style)) }
    }

    /// Appends text, splitting out the words the highlighter picks.
    private func appendText(_ literal: String, style: TextStyle, to segments: inout [[StyledSpan]]) {
        let text = StyledSpan(literal).text
        let ranges = highlighter.ranges(in: text)
        guard !ranges.isEmpty else {
            segments[segments.count - 1].append(StyledSpan(trusted: text, style: style))
            return
        }
        var position = text.startIndex
        for range in ranges {
            if position < range.lowerBound {
                segments[segments.count - 1].append(StyledSpan(trusted: String(text[position..<range.lowerBound]), style: style))
            }
            let marks = theme.usesColour ? ("", "") : ("[", "]")
            segments[segments.count - 1].append(
                StyledSpan(trusted: marks.0 + String(text[range]) + marks.1, style: style.union(.highlight)))
            position = range.upperBound
        }
        if position < text.endIndex {
            segments[segments.count - 1].append(StyledSpan(trusted: String(text[position...]), style: style))
        }
    }

    /// What follows a link's text: for `kb:` links the id that `open` takes, else the URL; nothing
    /// when the text already is one `open` takes (the id or the title).
    func linkSuffix(destination: String, text: String) -> String? {
        let shownText = text.trimmingCharacters(in: .whitespaces)
        if destination.hasPrefix("kb:") {
            let id = String(destination.dropFirst(3).prefix { $0 != "#" })
            guard let title = articleTitle(id) else { return "(→ kb:\(id), not found)" }
            let opensAsWritten = [title, id].contains { $0.caseInsensitiveCompare(shownText) == .orderedSame }
            return opensAsWritten ? nil : "(→ \(id))"
        }
        if destination.isEmpty || destination.hasPrefix("#") { return nil }
        let spelledOut = [shownText, "mailto:" + shownText, "http://" + shownText, "https://" + shownText, "tel:" + shownText]
        if spelledOut.contains(where: { $0.caseInsensitiveCompare(destination) == .orderedSame }) { return nil }
        return "<\(destination)>"
    }
}
