/// Small string utilities in plain Swift. Foundation's equivalents bridge through NSString on Linux,
/// which made them the largest cost of loading content.
extension StringProtocol {
    /// The text without leading and trailing white space (including newlines).
    public var trimmed: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start {
            let previous = scalars.index(before: end)
            guard scalars[previous].properties.isWhitespace else { break }
            end = previous
        }
        return String(self[start..<end])
    }

    /// Whether `needle` occurs in the text, compared byte for byte (no Unicode normalisation).
    public func containsBytes(_ needle: String) -> Bool { byteRange(of: needle) != nil }

    /// The first occurrence of `needle`, compared byte for byte.
    ///
    /// - Complexity: O(n × m) in the worst case; needles here are a few bytes long.
    public func byteRange(of needle: String) -> Range<Index>? {
        let haystack = utf8
        let pattern = Array(needle.utf8)
        guard let head = pattern.first else { return startIndex..<startIndex }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: head) {
            var probe = found
            var matched = true
            for byte in pattern {
                guard probe < haystack.endIndex, haystack[probe] == byte else {
                    matched = false
                    break
                }
                probe = haystack.index(after: probe)
            }
            if matched { return found..<probe }
            index = haystack.index(after: found)
        }
        return nil
    }
}
