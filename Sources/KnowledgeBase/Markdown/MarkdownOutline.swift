import CCmarkGFM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an article needs from its Markdown body: the plain text of each top-level block, the links
/// and the marked facts, gathered in one walk of cmark-gfm's tree.
///
/// The text is exactly what ``MarkdownNode/plainText`` gives on the tree ``Markdown/parse(_:)``
/// builds, with the same flattening of deep nesting, heading attributes removed and fact markers
/// split, but no node is made per element: building and walking those trees was a third of the
/// Swift time of loading 10,000 articles. Rendering and the training parsers, which need the tree's
/// shape, still use ``Markdown/parse(_:)``.
struct MarkdownOutline {
    /// A block at the top of the document: a heading, a paragraph, a list, a table, ...
    struct Block {
        /// The heading level (1-6), or 0 for any other block.
        var headingLevel: Int
        /// The block's plain text, trimmed.
        var text: String
        /// The block's first and last lines in the parsed text (1-based).
        var line: Int
        var endLine: Int
    }

    /// A link, with its destination as written and its text.
    struct Link {
        var destination: String
        var text: String
        var line: Int
    }

    /// A fact marked with `{{...}}` in a paragraph or table cell.
    struct Fact {
        /// The marked text, trimmed.
        var answer: String
        /// The text of its paragraph or cell, with the fact replaced by the blank.
        var context: String
        var line: Int
        /// The index in ``blocks`` of the top-level block it is in.
        var block: Int
    }

    var blocks: [Block] = []
    var links: [Link] = []
    var facts: [Fact] = []
    /// The line of the first container nested deeper than ``Markdown/maximumDepth`` (whose
    /// nesting was flattened), if any.
    var flattenedLine: Int?

    /// Parses `text` with cmark-gfm and outlines it; a marked fact is replaced by `blank` in its
    /// context.
    init(parsing text: String, blank: String) {
        self = Markdown.withParsedTree(text) { root in
            guard let root else { return MarkdownOutline() }
            var walker = OutlineWalker(blank: Array(blank.utf8))
            walker.walk(root)
            return walker.outline
        }
    }

    fileprivate init() {}
}

/// The walk behind ``MarkdownOutline``. Each top-level block's plain text is written to one byte
/// buffer in document order; what ``MarkdownNode/plainText`` adds between children (a newline after
/// a block, ` | ` between table cells) is added as each child ends, to the ancestor that the tree
/// would have made its parent once too-deep containers are flattened.
private struct OutlineWalker {
    /// How a container joins its children's text.
    enum Role {
        /// A block whose block children each end on a newline: blockquote, list, item, table.
        case block
        case paragraph
        case heading
        case tableRow
        case tableCell
        case link
        /// Inline containers (emphasis, images, unknown kinds): children's text run together.
        case inline

        var isBlock: Bool {
            switch self {
            case .block, .paragraph, .heading, .tableRow, .tableCell: true
            case .link, .inline: false
            }
        }

        /// Whether a block child's text is followed by a newline.
        var endsBlockChildrenWithNewline: Bool { self == .block || self == .paragraph || self == .heading }

        /// Whether the container's children are the pieces a fact's context is made of.
        var holdsFacts: Bool { self == .paragraph || self == .tableCell }
    }

    /// An open container.
    struct Frame {
        var role: Role
        /// Deeper than ``Markdown/maximumDepth``: its children belong to the nearest frame that is not.
        var isFlattened: Bool
        /// Where the container's own text starts in ``output``.
        var start: Int
        var line: Int
        /// Children so far (where the tree would have them), for the separators of table rows.
        var childCount = 0
        /// Where the last child in the container's own list starts, and whether it is a text node
        /// (whose attribute block a heading drops); -1 while there is none.
        var lastChildStart = -1
        var lastChildIsText = false
        /// Where this container's pieces start in ``pieces`` (paragraphs and cells).
        var firstPiece = 0
        var destination = ""
    }

    /// A child of a paragraph or cell: its text's range in ``output``.
    struct Piece {
        var start: Int
        var end: Int
        var isFact: Bool
        var line: Int
    }

    let blank: [UInt8]
    var outline = MarkdownOutline()
    var frames: [Frame] = []
    var pieces: [Piece] = []
    /// The current top-level block's plain text so far.
    var output: [UInt8] = []
    /// The top-level block being written (its text is set when it ends).
    var block = MarkdownOutline.Block(headingLevel: 0, text: "", line: 0, endLine: 0)

    init(blank: [UInt8]) {
        self.blank = blank
        output.reserveCapacity(4096)
    }

    mutating func walk(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if Markdown.isContainerType(type) {
                if event == CMARK_EVENT_ENTER {
                    enter(node, type: type)
                } else if event == CMARK_EVENT_EXIT {
                    exit()
                }
            } else if event == CMARK_EVENT_ENTER {
                leaf(node, type: type)
            }
        }
    }

    // MARK: Containers

    private mutating func enter(_ node: OpaquePointer, type: cmark_node_type) {
        let role = Self.role(of: node, type: type)
        let isFlattened = frames.count >= Markdown.maximumDepth
        if isFlattened, outline.flattenedLine == nil { outline.flattenedLine = Int(cmark_node_get_start_line(node)) }
        if frames.count == 1 { beginBlock(node, headingLevel: type == CMARK_NODE_HEADING ? Int(cmark_node_get_heading_level(node)) : 0) }
        let line = Int(cmark_node_get_start_line(node))
        if !frames.isEmpty && !isFlattened { beginChild(isText: false, isFact: false, line: line) }
        var frame = Frame(role: role, isFlattened: isFlattened, start: output.count, line: line, firstPiece: pieces.count)
        if role == .link, !isFlattened { frame.destination = cmark_node_get_url(node).map { String(cString: $0) } ?? "" }
        frames.append(frame)
    }

    private mutating func exit() {
        guard let frame = frames.popLast() else { return }
        if frame.role == .heading { dropHeadingAttributes(frame) }
        if frame.isFlattened {
            // Its children join its parent's list.
            if frame.lastChildStart >= 0, !frames.isEmpty {
                frames[frames.count - 1].lastChildStart = frame.lastChildStart
                frames[frames.count - 1].lastChildIsText = frame.lastChildIsText
            }
        } else {
            switch frame.role {
            case .tableRow: output.append(0x0A)
            case .link:
                outline.links.append(MarkdownOutline.Link(destination: frame.destination, text: text(from: frame.start), line: frame.line))
            case .paragraph, .tableCell: collectFacts(frame)
            default: break
            }
            if !frames.isEmpty { endChild(isBlock: frame.role.isBlock) }
        }
        if frames.count == 1 { endBlock() }
    }

    private static func role(of node: OpaquePointer, type: cmark_node_type) -> Role {
        switch type {
        case CMARK_NODE_DOCUMENT, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM: return .block
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_IMAGE: return .inline
        default:
            let name = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            switch Markdown.ExtensionNode(name: name) {
            case .table?: return .block
            case .tableRow?: return .tableRow
            case .tableCell?: return .tableCell
            case .strikethrough?, nil: return .inline
            }
        }
    }

    // MARK: Leaves

    private mutating func leaf(_ node: OpaquePointer, type: cmark_node_type) {
        guard !frames.isEmpty else { return }
        if frames.count == 1 { beginBlock(node, headingLevel: 0) }
        let line = Int(cmark_node_get_start_line(node))
        switch type {
        case CMARK_NODE_TEXT:
            let literal = cmark_node_get_literal(node)
            if let literal, strstr(literal, "{{") != nil {
                for piece in Markdown.factPieces(of: String(cString: literal)) {
                    appendLeaf(isText: !piece.isFact, isFact: piece.isFact, isBlock: false, line: line) {
                        $0.append(contentsOf: piece.text.utf8)
                    }
                }
            } else {
                appendLeaf(isText: true, isFact: false, isBlock: false, line: line) { $0.append(literal) }
            }
        case CMARK_NODE_CODE:
            appendLeaf(isText: false, isFact: false, isBlock: false, line: line) { $0.append(cmark_node_get_literal(node)) }
        case CMARK_NODE_CODE_BLOCK:
            appendLeaf(isText: false, isFact: false, isBlock: true, line: line) { $0.append(cmark_node_get_literal(node)) }
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
            let html = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            appendLeaf(isText: false, isFact: false, isBlock: type == CMARK_NODE_HTML_BLOCK, line: line) {
                $0.append(contentsOf: Markdown.textOfHTML(html).utf8)
            }
        case CMARK_NODE_SOFTBREAK:
            appendLeaf(isText: false, isFact: false, isBlock: false, line: line) { $0.append(0x20) }
        case CMARK_NODE_LINEBREAK:
            appendLeaf(isText: false, isFact: false, isBlock: false, line: line) { $0.append(0x0A) }
        case CMARK_NODE_THEMATIC_BREAK:
            appendLeaf(isText: false, isFact: false, isBlock: true, line: line) { _ in }
        default:
            appendLeaf(isText: false, isFact: false, isBlock: false, line: line) { _ in }
        }
        if frames.count == 1 { endBlock() }
    }

    private mutating func appendLeaf(isText: Bool, isFact: Bool, isBlock: Bool, line: Int, _ write: (inout [UInt8]) -> Void) {
        beginChild(isText: isText, isFact: isFact, line: line)
        write(&output)
        endChild(isBlock: isBlock)
    }

    // MARK: Children

    /// The frame that receives the children of the innermost container: the innermost one that is
    /// not flattened.
    private var parentIndex: Int { min(frames.count, Markdown.maximumDepth) - 1 }

    /// Starts a child of the innermost container: a separator before it in a table row, and a piece
    /// of a paragraph or cell.
    private mutating func beginChild(isText: Bool, isFact: Bool, line: Int) {
        let parent = parentIndex
        if frames.count > 1 {
            if frames[parent].role == .tableRow, frames[parent].childCount > 0 { output.append(contentsOf: [0x20, 0x7C, 0x20]) }
            frames[parent].childCount += 1
            if frames[parent].role.holdsFacts { pieces.append(Piece(start: output.count, end: output.count, isFact: isFact, line: line)) }
        }
        frames[frames.count - 1].lastChildStart = output.count
        frames[frames.count - 1].lastChildIsText = isText
    }

    /// Ends a child whose text is written: closes its piece, and ends a block on a newline.
    private mutating func endChild(isBlock: Bool) {
        guard frames.count > 1 else { return }
        let parent = frames[parentIndex]
        if parent.role.holdsFacts, !pieces.isEmpty { pieces[pieces.count - 1].end = output.count }
        if isBlock, parent.role.endsBlockChildrenWithNewline, !endsWithNewline { output.append(0x0A) }
    }

    /// Whether the text ends in a line feed as a `String` sees it: not when it is the end of a
    /// `\r\n` pair, which is one character.
    private var endsWithNewline: Bool {
        output.last == 0x0A && !(output.count >= 2 && output[output.count - 2] == 0x0D)
    }

    // MARK: Blocks, headings and facts

    private mutating func beginBlock(_ node: OpaquePointer, headingLevel: Int) {
        output.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        let line = Int(cmark_node_get_start_line(node))
        block = MarkdownOutline.Block(
            headingLevel: headingLevel, text: "", line: line, endLine: max(line, Int(cmark_node_get_end_line(node))))
    }

    private mutating func endBlock() {
        block.text = text(from: 0).trimmed
        outline.blocks.append(block)
    }

    /// A heading's last text loses a trailing `{#anchor}`-style attribute block.
    private mutating func dropHeadingAttributes(_ heading: Frame) {
        guard heading.lastChildStart >= 0, heading.lastChildIsText else { return }
        guard let kept = Markdown.withoutHeadingAttributes(text(from: heading.lastChildStart)) else { return }
        output.removeSubrange(heading.lastChildStart...)
        output.append(contentsOf: kept.utf8)
    }

    /// The facts of a paragraph or cell, each with the text of its pieces and itself blanked.
    private mutating func collectFacts(_ container: Frame) {
        let own = pieces[container.firstPiece...]
        defer { pieces.removeSubrange(container.firstPiece...) }
        for factIndex in own.indices where own[factIndex].isFact {
            var context: [UInt8] = []
            for index in own.indices {
                if index == factIndex {
                    context += blank
                } else {
                    context += output[own[index].start..<own[index].end]
                }
            }
            let fact = own[factIndex]
            outline.facts.append(
                MarkdownOutline.Fact(
                    answer: String(decoding: output[fact.start..<fact.end], as: UTF8.self).trimmed,
                    context: String(decoding: context, as: UTF8.self), line: fact.line, block: outline.blocks.count))
        }
    }

    private func text(from start: Int) -> String {
        String(decoding: output[start...], as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Appends a C string's bytes (nothing for nil).
    fileprivate mutating func append(_ string: UnsafePointer<CChar>?) {
        guard let string else { return }
        append(contentsOf: UnsafeRawBufferPointer(start: string, count: strlen(string)))
    }
}
