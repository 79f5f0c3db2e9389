import CCmarkGFM
import Foundation

/// Parses Markdown with cmark-gfm (tables, strikethrough and autolinks on) into ``MarkdownNode`` trees.
public enum Markdown {
    /// Containers nested deeper than this are flattened into their ancestor.
    public static let maximumDepth = 64

    /// Parses `text` into a document node. Line numbers in the result are 1-based within `text`.
    ///
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String) -> MarkdownNode {
        withParsedTree(text) { root in root.map(convert) ?? MarkdownNode(kind: .document) }
    }

    /// Parses `text` with cmark-gfm into this thread's ``ParseArena`` and hands `body` the root of
    /// cmark's tree (nil if cmark failed), which is freed when `body` returns.
    static func withParsedTree<Result>(_ text: String, _ body: (OpaquePointer?) -> Result) -> Result {
        _ = coreExtensionsRegistered
        return ParseArena.withThreadArena { allocator in
            guard let parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, allocator) else { return body(nil) }
            defer { cmark_parser_free(parser) }
            let root: OpaquePointer? = {
                let inlineExtensions = InlineExtensions.areNeeded(by: text)
                if inlineExtensions { InlineExtensions.lock.lock() }
                defer { if inlineExtensions { InlineExtensions.lock.unlock() } }
                for name in ["table"] + (inlineExtensions ? InlineExtensions.names : []) {
                    if let extensionPointer = cmark_find_syntax_extension(name) {
                        cmark_parser_attach_syntax_extension(parser, extensionPointer)
                    }
                }
                var source = text
                source.withUTF8 { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        cmark_parser_feed(parser, chars.baseAddress, chars.count)
                    }
                }
                return cmark_parser_finish(parser)
            }()
            defer { if let root { cmark_node_free(root) } }
            return body(root)
        }
    }

    /// Walks cmark's tree with its iterator (no recursion) and builds the Swift tree.
    private static func convert(_ root: OpaquePointer) -> MarkdownNode {
        guard let iterator = cmark_iter_new(root) else { return MarkdownNode(kind: .document) }
        defer { cmark_iter_free(iterator) }
        // Each open container; `nil` kind marks a container flattened because it is too deep.
        var stack: [(node: MarkdownNode, isFlattened: Bool)] = []
        var result = MarkdownNode(kind: .document)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let pointer = cmark_iter_get_node(iterator) else { continue }
            let isContainer = isContainerNode(pointer)
            if event == CMARK_EVENT_ENTER {
                let node = makeNode(pointer)
                if isContainer {
                    stack.append((node, stack.count >= maximumDepth))
                } else {
                    appendLeaf(node, to: &stack)
                }
            } else if event == CMARK_EVENT_EXIT, isContainer {
                guard let (popped, isFlattened) = stack.popLast() else { continue }
                var node = popped
                if case .heading = node.kind { stripHeadingAttributes(&node) }
                if stack.isEmpty {
                    result = node
                } else if isFlattened {
                    stack[stack.count - 1].node.children.append(contentsOf: node.children)
                } else {
                    stack[stack.count - 1].node.children.append(node)
                }
            }
        }
        return result
    }

    private static func appendLeaf(_ node: MarkdownNode, to stack: inout [(node: MarkdownNode, isFlattened: Bool)]) {
        guard !stack.isEmpty else { return }
        if case .text = node.kind, node.literal.containsBytes("{{") {
            stack[stack.count - 1].node.children.append(contentsOf: splitFacts(node))
        } else {
            stack[stack.count - 1].node.children.append(node)
        }
    }

    private static func isContainerNode(_ node: OpaquePointer) -> Bool {
        isContainerType(cmark_node_get_type(node))
    }

    /// Whether nodes of `type` get ENTER and EXIT events from cmark's iterator; leaf nodes get only
    /// ENTER.
    static func isContainerType(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE,
            CMARK_NODE_HTML_INLINE, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK,
            CMARK_NODE_FOOTNOTE_REFERENCE:
            return false
        default:
            return true
        }
    }

    private static func makeNode(_ node: OpaquePointer) -> MarkdownNode {
        let line = Int(cmark_node_get_start_line(node))
        let endLine = Int(cmark_node_get_end_line(node))
        func string(_ pointer: UnsafePointer<CChar>?) -> String {
            pointer.map { String(cString: $0) } ?? ""
        }
        let kind: MarkdownNode.Kind
        var literal = ""
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: kind = .document
        case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
        case CMARK_NODE_LIST:
            kind = .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: kind = .item
        case CMARK_NODE_CODE_BLOCK:
            kind = .codeBlock(info: string(cmark_node_get_fence_info(node)))
            literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_HTML_BLOCK:
            kind = .htmlBlock
            literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_PARAGRAPH: kind = .paragraph
        case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
        case CMARK_NODE_TEXT:
            kind = .text
            literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_SOFTBREAK: kind = .softBreak
        case CMARK_NODE_LINEBREAK: kind = .lineBreak
        case CMARK_NODE_CODE:
            kind = .code
            literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_HTML_INLINE:
            kind = .htmlInline
            literal = string(cmark_node_get_literal(node))
        case CMARK_NODE_EMPH: kind = .emphasis
        case CMARK_NODE_STRONG: kind = .strong
        case CMARK_NODE_LINK:
            kind = .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            kind = .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            let name = string(cmark_node_get_type_string(node))
            switch ExtensionNode(name: name) {
            case .table?:
                let columns = Int(cmark_gfm_extensions_get_table_columns(node))
                var alignments: [MarkdownNode.Alignment] = []
                if let raw = cmark_gfm_extensions_get_table_alignments(node) {
                    for index in 0..<columns {
                        switch UInt8(raw[index]) {
                        case UInt8(ascii: "l"): alignments.append(.left)
                        case UInt8(ascii: "c"): alignments.append(.center)
                        case UInt8(ascii: "r"): alignments.append(.right)
                        default: alignments.append(.none)
                        }
                    }
                }
                kind = .table(alignments: alignments)
            case .tableRow?: kind = .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
            case .tableCell?: kind = .tableCell
            case .strikethrough?: kind = .strikethrough
            case nil: kind = .other(name)
            }
        }
        return MarkdownNode(kind: kind, literal: literal, line: line, endLine: max(line, endLine))
    }

    /// The node types the table and strikethrough extensions register at run time, told apart by
    /// their names.
    enum ExtensionNode {
        case table, tableRow, tableCell, strikethrough

        /// The extension node type called `name` (`cmark_node_get_type_string`), or nil.
        init?(name: String) {
            switch name {
            case "table": self = .table
            case "table_row", "table_header": self = .tableRow
            case "table_cell": self = .tableCell
            case "strikethrough": self = .strikethrough
            default: return nil
            }
        }
    }

    /// Splits a text node at `{{...}}` markers into text and ``MarkdownNode/Kind/fact`` nodes.
    static func splitFacts(_ node: MarkdownNode) -> [MarkdownNode] {
        factPieces(of: node.literal).map { piece in
            let text = MarkdownNode(kind: .text, literal: String(piece.text), line: node.line, endLine: node.line)
            return piece.isFact ? MarkdownNode(kind: .fact, children: [text], line: node.line, endLine: node.line) : text
        }
    }

    /// The runs of `literal` between `{{...}}` markers, in order: plain text (never empty) and marked
    /// facts (the text inside the braces, possibly empty).
    static func factPieces(of literal: String) -> [(text: Substring, isFact: Bool)] {
        var pieces: [(text: Substring, isFact: Bool)] = []
        var rest = Substring(literal)
        while let open = rest.byteRange(of: "{{"), let close = rest[open.upperBound...].byteRange(of: "}}") {
            let before = rest[..<open.lowerBound]
            if !before.isEmpty { pieces.append((before, false)) }
            pieces.append((rest[open.upperBound..<close.lowerBound], true))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append((rest, false)) }
        return pieces
    }

    /// Removes a trailing attribute block such as `{#anchor}` or `{.class}` from a heading.
    private static func stripHeadingAttributes(_ heading: inout MarkdownNode) {
        guard let last = heading.children.indices.last, case .text = heading.children[last].kind,
            let kept = withoutHeadingAttributes(heading.children[last].literal)
        else { return }
        if kept.isEmpty {
            heading.children.remove(at: last)
        } else {
            heading.children[last].literal = kept
        }
    }

    /// The last text of a heading without its trailing attribute block (`{#anchor}`, `{.class}`,
    /// `{key=value}`), trimmed; nil when it ends in none.
    static func withoutHeadingAttributes(_ literal: String) -> String? {
        guard literal.hasSuffix("}"), let open = literal.lastIndex(of: "{") else { return nil }
        let inside = literal[literal.index(after: open)...].dropLast().trimmed
        guard let first = inside.first, first == "#" || first == "." || inside.contains("=") else { return nil }
        return literal[..<open].trimmed
    }

    /// The text of an HTML fragment: tags removed, common entities decoded.
    public static func textOfHTML(_ html: String) -> String {
        var output = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
                output += " "
            } else if character == ">", inTag {
                inTag = false
            } else if !inTag {
                output.append(character)
            }
        }
        return output.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
    }
}

/// cmark-gfm's extension registry is a process-wide list that is not safe to build from two threads;
/// a global initialiser runs exactly once.
private let coreExtensionsRegistered: Bool = {
    cmark_gfm_core_extensions_ensure_registered()
    return true
}()

/// Strikethrough and bare links, and the one lock their parses take.
///
/// cmark-gfm keeps the characters that start an extension's inline syntax (`~` for strikethrough,
/// `:` and `w` for bare links) in a process-wide table. Each parse with those extensions adds
/// them when its inline pass starts and removes them when it ends, so a parse ending on one thread
/// switched strikethrough and bare links off for a parse still running on another, and which
/// articles lost them depended on timing. A document that cannot hold either (no `~`, `@`, `://` or
/// `www.`) is parsed without them, which gives the same tree and touches no shared state, so it
/// runs in parallel (a character switched on meanwhile by a parse on another thread only splits its
/// text where cmark joins it again before handing the tree over); the few that can are parsed one
/// at a time.
private enum InlineExtensions {
    static let names = ["strikethrough", "autolink"]
    static let lock = NSLock()

    /// Whether `text` holds what strikethrough or a bare link starts with.
    static func areNeeded(by text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            triggers.contains { firstOffset(of: $0, in: bytes) != nil }
        } ?? true
    }

    private static let triggers = ["~", "@", "://", "www."].map { Array($0.utf8) }
}
