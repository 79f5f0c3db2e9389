import Foundation

/// Finds the words of a text that matched a query, so the renderer can highlight them.
public struct Highlighter: Sendable {
    /// Single folded words to highlight.
    private let words: Set<String>
    /// Folded multi-word forms, as word sequences (`money back`).
    private let phrases: [[String]]

    /// A highlighter for `forms`: words or phrases, in any case and with or without diacritics.
    public init<Forms: Sequence<String>>(forms: Forms) {
        var words: Set<String> = []
        var phrases: [[String]] = []
        for form in forms {
            let parts = Highlighter.wordRanges(in: form).map { Highlighter.fold(form[$0]) }
            if parts.count == 1 {
                words.insert(parts[0])
            } else if parts.count > 1 {
                phrases.append(parts)
            }
        }
        self.words = words
        self.phrases = phrases
    }

    /// A highlighter that highlights nothing.
    public static let none = Highlighter(forms: [])

    /// Whether there is nothing to highlight.
    public var isEmpty: Bool { words.isEmpty && phrases.isEmpty }

    /// The ranges of `text` to highlight, in order, not overlapping.
    ///
    /// - Complexity: O(n × p) for a text of n words and p phrases.
    public func ranges(in text: String) -> [Range<String.Index>] {
        guard !isEmpty else { return [] }
        let tokens = Highlighter.wordRanges(in: text)
        let folded = tokens.map { Highlighter.fold(text[$0]) }
        var result: [Range<String.Index>] = []
        var index = 0
        while index < tokens.count {
            if let phrase = phrases.first(where: { phrase in
                index + phrase.count <= folded.count && Array(folded[index..<(index + phrase.count)]) == phrase
            }) {
                result.append(tokens[index].lowerBound..<tokens[index + phrase.count - 1].upperBound)
                index += phrase.count
                continue
            }
            let word = folded[index]
            if words.contains(word) || (word.hasSuffix("'s") && words.contains(String(word.dropLast(2)))) {
                result.append(tokens[index])
            }
            index += 1
        }
        return result
    }

    /// Lower-case without diacritics, as the search index folds words.
    static func fold(_ word: Substring) -> String {
        let lower = word.lowercased()
        if lower.allSatisfy(\.isASCII) { return lower.replacingOccurrences(of: "’", with: "'") }
        return lower.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
    }

    /// The ranges of the words of `text`: runs of letters and digits, with apostrophes inside words.
    static func wordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index? = nil
        var index = text.startIndex
        func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if isWordCharacter(character) {
                if start == nil { start = index }
            } else if (character == "'" || character == "’"), start != nil, next < text.endIndex, isWordCharacter(text[next]) {
                // An apostrophe inside a word (can't, customer's) belongs to it.
            } else if let wordStart = start {
                ranges.append(wordStart..<index)
                start = nil
            }
            index = next
        }
        if let wordStart = start { ranges.append(wordStart..<text.endIndex) }
        return ranges
    }
}
