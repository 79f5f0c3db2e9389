import Foundation

/// Small string utilities in plain Swift. Foundation's equivalents bridge through NSString on Linux,
/// which made them the largest cost of loading content.
extension StringProtocol {
    /// The text without leading and trailing white space (including newlines).
    public var trimmed: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let previous = scalars.index(before: end)
            guard Self.isWhitespace(scalars[previous]) else { break }
            end = previous
        }
        return String(self[start..<end])
    }

    /// Unicode white space, answered for ASCII without the property tables.
    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
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
        // Contiguous text (nearly always): search the bytes directly.
        if let found = haystack.withContiguousStorageIfAvailable({ bytes in firstOffset(of: pattern, in: bytes) }) {
            guard let offset = found else { return nil }
            let lower = haystack.index(haystack.startIndex, offsetBy: offset)
            return lower..<haystack.index(lower, offsetBy: pattern.count)
        }
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

/// The offset of the first occurrence of `pattern` (not empty) in `bytes`, jumping from one
/// occurrence of its first byte to the next with `memchr`.
func firstOffset(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let head = pattern.first, pattern.count <= bytes.count, let base = bytes.baseAddress else { return nil }
    let last = bytes.count - pattern.count
    var index = 0
    while index <= last {
        guard let found = memchr(base + index, Int32(head), last - index + 1) else { return nil }
        index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        var matched = true
        for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
            matched = false
            break
        }
        if matched { return index }
        index += 1
    }
    return nil
}
