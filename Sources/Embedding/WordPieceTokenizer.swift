import Foundation

/// BERT's uncased WordPiece tokenizer, read from a `tokenizer.json` file.
///
/// Text is cleaned (control characters dropped, every space a plain space), accents are stripped,
/// letters lower-cased, and Chinese characters, punctuation and spaces split words. Each word is
/// then cut greedily into the longest pieces the vocabulary holds, later pieces written with `##`.
/// A word with no such cut, or longer than 100 characters, is one unknown token.
public struct WordPieceTokenizer: Sendable {
    /// The id of `[CLS]`, which opens every sequence.
    public let classToken: Int32
    /// The id of `[SEP]`, which closes it.
    public let separatorToken: Int32
    /// The id of `[UNK]`.
    public let unknownToken: Int32
    private let vocabulary: [String: Int32]
    private let maximumWordLength = 100

    /// Reads the vocabulary of a Hugging Face `tokenizer.json` whose model is WordPiece.
    ///
    /// Only the `"vocab"` object is read, by ``VocabularyReader``: decoding the whole file as JSON
    /// took a third of a search's start.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingModelError.unreadable(path: path, reason: "no such file, or it cannot be opened")
        }
        guard let vocabulary = VocabularyReader.vocabulary(in: data), !vocabulary.isEmpty else {
            throw EmbeddingModelError.malformed(path: path, reason: "it has no WordPiece vocabulary under \"model\".\"vocab\"")
        }
        try self.init(vocabulary: vocabulary, path: path)
    }

    /// A tokenizer over `vocabulary`, which must hold `[CLS]`, `[SEP]` and `[UNK]`.
    init(vocabulary: [String: Int32], path: String = "vocabulary") throws {
        func special(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else {
                throw EmbeddingModelError.malformed(path: path, reason: "the vocabulary has no \(token)")
            }
            return id
        }
        classToken = try special("[CLS]")
        separatorToken = try special("[SEP]")
        unknownToken = try special("[UNK]")
        self.vocabulary = vocabulary
    }

    /// The token ids of `text`, opened by `[CLS]` and closed by `[SEP]`, at most `limit` in all
    /// (longer text is cut, keeping its beginning).
    ///
    /// - Complexity: O(n·w) for n characters and words of at most w characters.
    public func tokenIDs(_ text: String, limit: Int = 256) -> [Int32] {
        precondition(limit >= 2, "a sequence needs room for [CLS] and [SEP]")
        var ids: [Int32] = [classToken]
        for word in words(in: text) {
            appendPieces(of: word, to: &ids)
            if ids.count >= limit - 1 { break }
        }
        if ids.count > limit - 1 { ids.removeLast(ids.count - (limit - 1)) }
        ids.append(separatorToken)
        return ids
    }

    /// The normalised words of `text`: cleaned, accent-free, lower-case, split at spaces, and with
    /// each punctuation mark and Chinese character a word of its own.
    func words(in text: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        func finishWord() {
            if !current.isEmpty { words.append(current) }
            current.removeAll(keepingCapacity: true)
        }
        // Accents are stripped from the decomposed text, then letters lower-cased.
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isSpace(scalar) {
                finishWord()
                continue
            }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if Self.isPunctuation(scalar) || Self.isChinese(scalar) {
                finishWord()
                words.append([scalar])
                continue
            }
            current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        finishWord()
        return words
    }

    /// Appends the WordPiece ids of one word.
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        guard word.count <= maximumWordLength else {
            ids.append(unknownToken)
            return
        }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while end > start {
                var piece = start > 0 ? "##" : ""
                piece.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else {
                ids.append(unknownToken)
                return
            }
            pieces.append(found)
            start = end
        }
        ids.append(contentsOf: pieces)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r": return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    /// ASCII symbols count as punctuation, as in BERT's own tokenizer, besides Unicode's.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation:
            return true
        default: return false
        }
    }

    private static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F, 0x2B820...0x2CEAF,
            0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default: return false
        }
    }
}
