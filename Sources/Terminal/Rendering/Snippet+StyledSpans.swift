import Search

extension Snippet {
    /// The passage as spans, its matched words in `style` (the REPL's highlight by default).
    public func styledSpans(style: TextStyle = .highlight) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        var position = text.startIndex
        for range in highlights.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound >= position {
            if position < range.lowerBound { spans.append(StyledSpan(String(text[position..<range.lowerBound]))) }
            spans.append(StyledSpan(String(text[range]), style: style))
            position = range.upperBound
        }
        if position < text.endIndex { spans.append(StyledSpan(String(text[position...]))) }
        return spans
    }
}
