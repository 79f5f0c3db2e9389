/// The meaning of a piece of text on screen; a ``Theme`` decides how each looks.
public struct TextStyle: OptionSet, Sendable, Hashable {
    /// The bits of the set.
    public let rawValue: UInt16
    /// A set from its bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Strong emphasis (`**bold**`).
    public static let strong = TextStyle(rawValue: 1 << 0)
    /// Emphasis (`*italic*`) and marked facts.
    public static let emphasis = TextStyle(rawValue: 1 << 1)
    /// Code spans and blocks.
    public static let code = TextStyle(rawValue: 1 << 2)
    /// The text of a link.
    public static let link = TextStyle(rawValue: 1 << 3)
    /// A word that matched the query.
    public static let highlight = TextStyle(rawValue: 1 << 4)
    /// Headings and table headers.
    public static let heading = TextStyle(rawValue: 1 << 5)
    /// Secondary information: link targets, metadata, hints.
    public static let dim = TextStyle(rawValue: 1 << 6)
    /// Warnings (an article past its review date).
    public static let warning = TextStyle(rawValue: 1 << 7)
    /// Errors.
    public static let error = TextStyle(rawValue: 1 << 8)
    /// Underlined text (top-level headings).
    public static let underline = TextStyle(rawValue: 1 << 9)
    /// Struck-out text (`~~old~~`).
    public static let strikethrough = TextStyle(rawValue: 1 << 10)
    /// Table borders, rules and list markers.
    public static let decoration = TextStyle(rawValue: 1 << 11)
    /// Something that went right (a correct answer).
    public static let success = TextStyle(rawValue: 1 << 12)
}

/// A run of text in one style. Its text never holds control characters or escape sequences.
public struct StyledSpan: Sendable, Hashable {
    /// The text, sanitised by ``TerminalText/sanitized(_:)`` when the span was made.
    public private(set) var text: String
    /// What the text is, for the theme to style.
    public var style: TextStyle

    /// A span of `text`, with control characters and escape sequences removed.
    public init(_ text: String, style: TextStyle = []) {
        self.text = TerminalText.sanitized(text)
        self.style = style
    }

    /// A span of text already known to be safe (pieces of a sanitised span).
    init(trusted text: String, style: TextStyle) {
        self.text = text
        self.style = style
    }

    /// The columns the span occupies.
    public var width: Int { DisplayWidth.of(text) }
}

/// One line of terminal output: styled spans without line breaks.
public struct StyledLine: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The spans, adjacent ones of the same style merged.
    public private(set) var spans: [StyledSpan]

    /// A line of `spans`.
    public init(_ spans: [StyledSpan] = []) {
        self.spans = []
        for span in spans { append(span) }
    }

    /// A line of one span.
    public init(_ text: String, style: TextStyle = []) {
        self.init([StyledSpan(text, style: style)])
    }

    /// A line of unstyled text.
    public init(stringLiteral value: String) { self.init(value) }

    /// Appends `span`, merging it into the last span when the styles match.
    public mutating func append(_ span: StyledSpan) {
        guard !span.text.isEmpty else { return }
        if let last = spans.indices.last, spans[last].style == span.style {
            spans[last] = StyledSpan(trusted: spans[last].text + span.text, style: span.style)
        } else {
            spans.append(span)
        }
    }

    /// Appends `text` in `style`.
    public mutating func append(_ text: String, style: TextStyle = []) { append(StyledSpan(text, style: style)) }

    /// Appends every span of `other`.
    public mutating func append(contentsOf other: StyledLine) { for span in other.spans { append(span) } }

    /// The text without styling.
    public var plainText: String { spans.map(\.text).joined() }

    /// The columns the line occupies.
    public var width: Int { spans.reduce(0) { $0 + $1.width } }

    /// Whether the line holds no text.
    public var isEmpty: Bool { spans.isEmpty }

    /// The line with trailing spaces removed.
    func trimmingTrailingSpaces() -> StyledLine {
        var copy = self
        while let last = copy.spans.last {
            let trimmed = String(last.text.reversed().drop(while: { $0 == " " }).reversed())
            if trimmed.isEmpty {
                copy.spans.removeLast()
            } else {
                copy.spans[copy.spans.count - 1] = StyledSpan(trusted: trimmed, style: last.style)
                break
            }
        }
        return copy
    }

    /// The line padded with spaces to `columns`.
    func padded(to columns: Int) -> StyledLine {
        let missing = columns - width
        guard missing > 0 else { return self }
        var copy = self
        copy.append(StyledSpan(trusted: String(repeating: " ", count: missing), style: []))
        return copy
    }
}

/// How styles look: ANSI colours on a terminal, or plain characters when colours are off.
///
/// A plain theme keeps the rendering readable without colours: strong text keeps `*` marks, code keeps
/// backticks, headings are underlined with `=` and `-`, tables are drawn in ASCII.
public struct Theme: Sendable {
    /// Whether styles become ANSI escape codes.
    public let usesColour: Bool

    /// ANSI colours and Unicode box drawing.
    public static let colour = Theme(usesColour: true)
    /// No escape codes at all; ASCII decorations.
    public static let plain = Theme(usesColour: false)

    /// The theme for output to a terminal: colour only when `isTerminal` and `NO_COLOR` is unset or empty.
    public static func forOutput(isTerminal: Bool, environment: [String: String]) -> Theme {
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return isTerminal && !noColour ? .colour : .plain
    }

    /// The marks written around text of `style` when colours are off (nothing when they are on).
    func marks(for style: TextStyle) -> (open: String, close: String) {
        if usesColour { return ("", "") }
        if style.contains(.strong) { return ("*", "*") }
        if style.contains(.code) { return ("`", "`") }
        if style.contains(.strikethrough) { return ("~", "~") }
        return ("", "")
    }

    /// `spans` with the text in `style` (highlighted matches by default) between `[` and `]` when
    /// colours are off, so that matches still show; unchanged when colours are on.
    public func marked(_ spans: [StyledSpan], style: TextStyle = .highlight) -> [StyledSpan] {
        guard !usesColour, spans.contains(where: { $0.style.contains(style) }) else { return spans }
        var result: [StyledSpan] = []
        for (index, span) in spans.enumerated() {
            let highlighted = span.style.contains(style)
            let before = index > 0 && spans[index - 1].style.contains(style)
            let after = index + 1 < spans.count && spans[index + 1].style.contains(style)
            if highlighted, !before { result.append(StyledSpan(trusted: "[", style: span.style)) }
            result.append(span)
            if highlighted, !after { result.append(StyledSpan(trusted: "]", style: span.style)) }
        }
        return result
    }

    var bullet: String { usesColour ? "•" : "-" }
    var quoteBar: String { usesColour ? "│ " : "> " }
    var ruleCharacter: String { usesColour ? "─" : "-" }

    /// Table border pieces: horizontal, vertical, and the corners/joins of top, middle and bottom rules.
    struct TableBorders {
        var horizontal: String
        var vertical: String
        var top: (left: String, join: String, right: String)
        var middle: (left: String, join: String, right: String)
        var bottom: (left: String, join: String, right: String)
    }

    var tableBorders: TableBorders {
        usesColour
            ? TableBorders(
                horizontal: "─", vertical: "│", top: ("┌", "┬", "┐"), middle: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))
            : TableBorders(horizontal: "-", vertical: "|", top: ("+", "+", "+"), middle: ("+", "+", "+"), bottom: ("+", "+", "+"))
    }

    /// The SGR parameters for `style`, or an empty string.
    func sgrParameters(for style: TextStyle) -> String {
        var codes: [String] = []
        if style.contains(.strong) || style.contains(.heading) { codes.append("1") }
        if style.contains(.dim) || style.contains(.decoration) { codes.append("2") }
        if style.contains(.emphasis) { codes.append("3") }
        if style.contains(.underline) || style.contains(.link) { codes.append("4") }
        if style.contains(.strikethrough) { codes.append("9") }
        if style.contains(.highlight) {
            codes.append("30;43")
        } else if style.contains(.error) {
            codes.append("31")
        } else if style.contains(.success) {
            codes.append("32")
        } else if style.contains(.warning) {
            codes.append("33")
        } else if style.contains(.code) {
            codes.append("36")
        } else if style.contains(.link) {
            codes.append("34")
        }
        return codes.joined(separator: ";")
    }

    /// `line` as terminal text: escape codes around styled spans when colours are on, else the plain text.
    ///
    /// Each styled span is closed with a reset, so every line stands on its own (a pager may show any
    /// line first).
    public func encode(_ line: StyledLine) -> String {
        guard usesColour else { return line.plainText }
        var output = ""
        for span in line.spans {
            let parameters = sgrParameters(for: span.style)
            if parameters.isEmpty {
                output += span.text
            } else {
                output += "\u{1B}[" + parameters + "m" + span.text + "\u{1B}[0m"
            }
        }
        return output
    }

    /// Every line encoded and joined with line feeds (one after the last line too).
    public func encode(_ lines: [StyledLine]) -> String {
        var output = ""
        for line in lines {
            output += encode(line)
            output += "\n"
        }
        return output
    }
}
