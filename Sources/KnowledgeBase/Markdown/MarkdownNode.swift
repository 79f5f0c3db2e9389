/// A node of a parsed Markdown document: cmark-gfm's tree, copied into Swift values.
///
/// Nesting deeper than ``Markdown/maximumDepth`` is flattened while parsing, so that code walking the
/// tree recursively never runs out of stack on hostile input.
public struct MarkdownNode: Sendable, Hashable {
    /// Column alignment in a table.
    public enum Alignment: Sendable, Hashable {
        case none, left, center, right
    }

    /// What a node is, with the attributes of its kind.
    public enum Kind: Sendable, Hashable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        case codeBlock(info: String)
        case htmlBlock
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case table(alignments: [Alignment])
        case tableRow(isHeader: Bool)
        case tableCell
        case text
        case softBreak
        case lineBreak
        case code
        case htmlInline
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// A fact marked with `{{...}}`; its children hold the answer.
        case fact
        /// A node of a kind frontline does not know (a footnote, an extension): its children are kept.
        case other(String)

        /// Whether the node is a block (as opposed to inline content).
        public var isBlock: Bool {
            switch self {
            case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .paragraph, .heading,
                .thematicBreak, .table, .tableRow, .tableCell:
                true
            default:
                false
            }
        }
    }

    public var kind: Kind
    /// The text of leaf nodes: text, code spans, code blocks, HTML.
    public var literal: String
    public var children: [MarkdownNode]
    /// The node's first line in the parsed text (1-based).
    public var line: Int
    /// The node's last line in the parsed text.
    public var endLine: Int

    public init(kind: Kind, literal: String = "", children: [MarkdownNode] = [], line: Int = 0, endLine: Int = 0) {
        self.kind = kind
        self.literal = literal
        self.children = children
        self.line = line
        self.endLine = endLine
    }

    /// The node's text without Markdown syntax: inline text joined, soft breaks as spaces,
    /// blocks separated by newlines, table cells by ` | `.
    public var plainText: String {
        var output = ""
        appendPlainText(to: &output)
        return output
    }

    private func appendPlainText(to output: inout String) {
        switch kind {
        case .text, .code:
            output += literal
        case .codeBlock:
            output += literal
        case .htmlBlock, .htmlInline:
            output += Markdown.textOfHTML(literal)
        case .softBreak:
            output += " "
        case .lineBreak:
            output += "\n"
        case .image:
            for child in children { child.appendPlainText(to: &output) }
        case .tableCell:
            for child in children { child.appendPlainText(to: &output) }
        case .tableRow:
            for (index, child) in children.enumerated() {
                if index > 0 { output += " | " }
                child.appendPlainText(to: &output)
            }
            output += "\n"
        default:
            if kind.isBlock {
                for child in children {
                    child.appendPlainText(to: &output)
                    if child.kind.isBlock, !output.hasSuffix("\n") { output += "\n" }
                }
            } else {
                for child in children { child.appendPlainText(to: &output) }
            }
        }
    }

    /// Calls `visit` on this node and every descendant, depth first, in document order.
    public func forEachDescendant(_ visit: (MarkdownNode) -> Void) {
        visit(self)
        for child in children { child.forEachDescendant(visit) }
    }
}
