import Foundation

/// Finds the words of a text that matched a query, so the renderer can highlight them.
///
/// Words are compared in folded form (lower case, no diacritics). By default the highlighter splits
/// text into words itself; the REPL gives it the search index's analyzer, so that it sees words exactly
/// as the index did (`can't` → `cannot`, `pre-order` → `preorder`).
public struct Highlighter: Sendable {
    /// A word of a text: where it is, its folded form, and its position (variants share a position).
    public struct Word: Sendable {
        /// Where the word is in the text.
        public var range: Range<String.Index>
        /// The word lower-cased, without diacritics.
        public var folded: String
        /// The word's position; a compound and its parts share one.
        public var position: Int

        /// A word at `range`.
        public init(range: Range<String.Index>, folded: String, position: Int) {
            self.range = range
            self.folded = folded
            self.position = position
        }
    }

    /// Splits text into words.
    public typealias Tokenizer = @Sendable (String) -> [Word]

    /// Single folded words to highlight.
    private let words: Set<String>
    /// Folded multi-word forms, as word sequences (`money back`).
    private let phrases: [[String]]
    private let tokenize: Tokenizer

    /// A highlighter for `forms` (words or phrases, already folded or not), splitting text with `tokenizer`.
    public init<Forms: Sequence<String>>(forms: Forms, tokenizer: @escaping Tokenizer = Highlighter.words(in:)) {
        var words: Set<String> = []
        var phrases: [[String]] = []
        for form in forms {
            let parts = tokenizer(form).reduce(into: [Int: String]()) { result, word in
                if result[word.position] == nil { result[word.position] = word.folded }
            }.sorted { $0.key < $1.key }.map(\.value)
            if parts.count == 1 {
                words.insert(parts[0])
            } else if parts.count > 1 {
                phrases.append(parts)
            }
            words.insert(Highlighter.fold(Substring(form)))
        }
        self.words = words
        self.phrases = phrases
        self.tokenize = tokenizer
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
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { return [] }
        var found: [Range<String.Index>] = []
        var byPosition: [Int: [Word]] = [:]
        for token in tokens {
            byPosition[token.position, default: []].append(token)
            let word = token.folded
            if words.contains(word) || (word.hasSuffix("'s") && words.contains(String(word.dropLast(2)))) {
                found.append(token.range)
            }
        }
        if !phrases.isEmpty {
            for position in byPosition.keys.sorted() {
                for phrase in phrases {
                    var end: String.Index? = nil
                    for (offset, part) in phrase.enumerated() {
                        guard let match = byPosition[position + offset]?.first(where: { $0.folded == part }) else {
                            end = nil
                            break
                        }
                        end = match.range.upperBound
                    }
                    if let end, let start = byPosition[position]?.map(\.range.lowerBound).min(), start < end {
                        found.append(start..<end)
                    }
                }
            }
        }
        // Merge overlapping ranges (a compound and its parts, a phrase and its words).
        var merged: [Range<String.Index>] = []
        for range in found.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// Lower-case without diacritics, as the search index folds words.
    static func fold(_ word: Substring) -> String {
        let lower = word.lowercased()
        let folded = lower.allSatisfy(\.isASCII) ? lower : lower.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.replacingOccurrences(of: "’", with: "'")
    }

    /// The words of `text`: runs of letters and digits, with apostrophes inside words, folded.
    public static func words(in text: String) -> [Word] {
        var result: [Word] = []
        var start: String.Index? = nil
        var index = text.startIndex
        func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
        func finish(_ end: String.Index) {
            guard let wordStart = start else { return }
            result.append(Word(range: wordStart..<end, folded: fold(text[wordStart..<end]), position: result.count))
            start = nil
        }
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if isWordCharacter(character) {
                if start == nil { start = index }
            } else if character == "'" || character == "’", start != nil, next < text.endIndex, isWordCharacter(text[next]) {
                // An apostrophe inside a word (can't, customer's) belongs to it.
            } else {
                finish(index)
            }
            index = next
        }
        finish(text.endIndex)
        return result
    }
}
