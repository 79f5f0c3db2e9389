/// How two words match.
public enum TermMatch: Sendable, Hashable {
    /// The same stem.
    case exact
    /// Within the typo allowance: one edit for words of 5-8 letters, two for 9 or more.
    case typo
    /// Equivalent through the synonym table (decided for phrases by the index, never by ``termMatch(_:_:)``).
    case synonym
}

/// Whether two tokens match: exactly (same stem), by typo (1 edit for 5-8 letters, 2 for 9+), or not.
///
/// An edit is an insertion, deletion, substitution or transposition of adjacent letters. The allowance
/// follows the shorter word; words with digits (codes, amounts) never match by typo.
public func termMatch(_ a: Token, _ b: Token) -> TermMatch? {
    if a.stem == b.stem || a.text == b.text { return .exact }
    let allowed = EditDistance.allowedEdits(min(a.text.unicodeScalars.count, b.text.unicodeScalars.count))
    guard allowed > 0, TextAnalyzer.isStemmable(a.text), TextAnalyzer.isStemmable(b.text) else { return nil }
    return EditDistance.isWithin(Array(a.text.unicodeScalars), Array(b.text.unicodeScalars), allowed) ? .typo : nil
}

/// Optimal-string-alignment edit distance (Levenshtein plus adjacent transpositions).
enum EditDistance {
    /// Edits a word of `length` letters may carry and still match: 0 below 5, 1 for 5-8, 2 from 9.
    static func allowedEdits(_ length: Int) -> Int {
        length >= 9 ? 2 : length >= 5 ? 1 : 0
    }

    /// Whether `a` and `b` are at most `limit` edits apart.
    static func isWithin<Element: Equatable>(_ a: [Element], _ b: [Element], _ limit: Int) -> Bool {
        distance(a, b, limit: limit) <= limit
    }

    /// The edit distance of `a` and `b`, or `limit + 1` when it is larger than `limit`.
    static func distance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return min(previous[b.count], limit + 1)
    }
}
