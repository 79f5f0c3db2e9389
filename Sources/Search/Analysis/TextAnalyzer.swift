/// The analysis shared by indexing, querying, the reply scorer and quiz answer matching.
///
/// Tokenising is Unicode-aware (letters and digits of any script), folds case and diacritics, treats
/// compound and punctuation variants as one (`pre-order` = `preorder` = `pre order`, `2-step`,
/// `can't`/`cant`/`cannot`, `won't`/`wont`), maps number words to digits (`thirty` → `30`), keeps codes
/// and amounts (`TW-1048823`, `30-day`, `$50`) and stems with Snowball English.
public struct TextAnalyzer: Sendable {
    /// The synonyms used when querying.
    public let synonyms: SynonymTable

    /// Creates an analyzer with `synonyms` (the built-in customer-service list by default).
    public init(synonyms: SynonymTable = .builtIn) {
        self.synonyms = synonyms
    }

    /// Tokenises, folds case and diacritics, splits and joins compounds, maps number words to digits
    /// and stems. Stop words are kept but flagged.
    ///
    /// - Complexity: O(n) in the length of `text`.
    public func tokens(in text: String) -> [Token] {
        tokens(in: text) { _ in nil }
    }

    /// ``tokens(in:)``, with the stems of the words that `knownStem` knows taken from it (an index's
    /// dictionary, whose words were stemmed by this analyzer as they were indexed): the stemmer
    /// runs only for the others.
    func tokens(in text: String, knownStem: (String) -> String?) -> [Token] {
        var raw: [RawToken] = []
        Tokenizer.scan(text) { raw.append($0) }
        guard !raw.isEmpty else { return [] }
        return StemmerPool.shared.withStemmer { stemmer in
            let utf8 = text.utf8
            var lastOffset = 0
            var lastIndex = utf8.startIndex
            func index(_ offset: Int) -> String.Index {
                let result = utf8.index(lastIndex, offsetBy: offset - lastOffset)
                lastOffset = offset
                lastIndex = result
                return result
            }
            return raw.map { token in
                let start = index(token.start)
                let end = index(token.end)
                return Token(
                    text: token.text, stem: knownStem(token.text) ?? Self.stem(token.text, with: stemmer), range: start..<end,
                    position: token.position, isStopWord: StopWords.contains(token.text))
            }
        }
    }

    /// The stem of one already-folded word (numbers and codes are returned unchanged).
    public func stem(_ word: String) -> String {
        StemmerPool.shared.withStemmer { Self.stem(word, with: $0) }
    }

    static func stem(_ word: String, with stemmer: SnowballStemmer) -> String {
        isStemmable(word) ? stemmer.stem(word) : word
    }

    /// Words with digits or signs are codes and amounts: they are never stemmed.
    static func isStemmable(_ word: String) -> Bool {
        for byte in word.utf8 where (byte >= 0x30 && byte <= 0x39) || byte == 0x24 || byte == 0x2E {
            return false
        }
        return true
    }
}

extension TextAnalyzer {
    /// The stems of the words of `text` that are not stop words (all of them when every word is one),
    /// without compound variants.
    func contentStems(_ text: String) -> [String] {
        Self.contentStems(of: primaryTokens(in: text))
    }

    /// The stems of `primary` tokens that are not stop words (all of them when every one is).
    static func contentStems(of primary: [Token]) -> [String] {
        let content = primary.filter { !$0.isStopWord }
        return (content.isEmpty ? primary : content).map(\.stem)
    }

    /// The tokens of `text` without compound variants: the first token at each position.
    func primaryTokens(in text: String) -> [Token] {
        var primary: [Token] = []
        var lastPosition = -1
        for token in tokens(in: text) where token.position != lastPosition {
            primary.append(token)
            lastPosition = token.position
        }
        return primary
    }
}
