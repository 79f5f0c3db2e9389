/// Fills styled text into lines of a given display width.
enum TextWrapper {
    /// One word: spans without spaces, possibly in several styles (`**bold**,`).
    private struct Word {
        var spans: [StyledSpan] = []
        var width = 0
        /// The style of the space before the word (links and highlights keep theirs across spaces).
        var spaceStyle: TextStyle = []
        var isEmpty: Bool { spans.isEmpty }
    }

    /// Wraps `segments` (separated by hard line breaks) greedily to `width` columns; words wider than
    /// the line are cut.
    ///
    /// - Complexity: O(n) in the length of the text.
    static func wrap(_ segments: [[StyledSpan]], width: Int) -> [StyledLine] {
        let width = max(1, width)
        var lines: [StyledLine] = []
        for segment in segments {
            lines += wrap(words(in: segment), width: width)
        }
        return lines
    }

    /// Wraps `spans` to `width` after `prefix`: the first line starts with the prefix, the others are
    /// indented by its width (a hanging indent, as for numbered results and command lists).
    static func wrap(_ spans: [StyledSpan], width: Int, hangingAfter prefix: StyledLine) -> [StyledLine] {
        let indent = prefix.width
        let bodyWidth = width - indent >= 12 ? width - indent : width
        return wrap([spans], width: bodyWidth).enumerated().map { index, line in
            var result = index == 0 ? prefix : StyledLine(String(repeating: " ", count: bodyWidth == width ? 0 : indent))
            result.append(contentsOf: line)
            return result
        }
    }

    private static func wrap(_ words: [Word], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        var line = StyledLine()
        var lineWidth = 0
        for word in words {
            if lineWidth > 0, lineWidth + 1 + word.width <= width {
                line.append(StyledSpan(trusted: " ", style: word.spaceStyle))
                for span in word.spans { line.append(span) }
                lineWidth += 1 + word.width
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = StyledLine()
                lineWidth = 0
            }
            if word.width <= width {
                for span in word.spans { line.append(span) }
                lineWidth = word.width
            } else {
                // Cut a word longer than the line into line-sized pieces.
                for span in word.spans {
                    var rest = Substring(span.text)
                    while !rest.isEmpty {
                        if lineWidth >= width {
                            lines.append(line)
                            line = StyledLine()
                            lineWidth = 0
                        }
                        let (head, tail) = DisplayWidth.split(rest, fitting: width - lineWidth)
                        line.append(StyledSpan(trusted: String(head), style: span.style))
                        lineWidth += DisplayWidth.of(head)
                        rest = tail
                    }
                }
            }
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    private static func words(in spans: [StyledSpan]) -> [Word] {
        var words: [Word] = []
        var current = Word()
        var pendingSpaceStyle: TextStyle? = nil
        for span in spans {
            var piece = ""
            func flushPiece() {
                guard !piece.isEmpty else { return }
                let pieceSpan = StyledSpan(trusted: piece, style: span.style)
                current.spans.append(pieceSpan)
                current.width += pieceSpan.width
                piece = ""
            }
            for character in span.text {
                if character == " " {
                    flushPiece()
                    if !current.isEmpty {
                        words.append(current)
                        current = Word()
                    }
                    pendingSpaceStyle = span.style
                } else {
                    if current.isEmpty, let spaceStyle = pendingSpaceStyle {
                        // A space keeps its style only when the words on both sides share it.
                        current.spaceStyle = spaceStyle == span.style ? spaceStyle : []
                        pendingSpaceStyle = nil
                    }
                    piece.append(character)
                }
            }
            flushPiece()
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
