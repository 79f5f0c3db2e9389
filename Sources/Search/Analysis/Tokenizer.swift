import Foundation

/// A word found by ``Tokenizer``: folded, not yet stemmed, with its place in the original text.
struct RawToken {
    /// The folded form: lower case, no diacritics, contractions and number words normalised.
    var text: String
    /// UTF-8 offsets of the word in the original text.
    var start: Int
    var end: Int
    /// 0-based position; variants share the position of the token before them.
    var position: Int
    /// An extra form at the same position as the token before it: the joined form of a compound
    /// (`pre-order` → `preorder`) or an amount with its currency sign (`$50`).
    var isVariant: Bool
}

/// Splits text into folded words. Works on UTF-8 bytes with an ASCII fast path, because indexing
/// runs it over every word of every article.
enum Tokenizer {
    /// Calls `emit` for every word of `text`, in order.
    static func scan(_ text: String, _ emit: (RawToken) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            scanner.run(emit)
        }
    }

    /// The folded words of `text`, variants excluded: the primary token at each position.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        scan(text) { token in if !token.isVariant { words.append(token.text) } }
        return words
    }

    /// Lower-cases and strips diacritics from one word, without any other normalisation.
    static func fold(_ word: Substring) -> String {
        var output = ""
        for scalar in word.unicodeScalars { appendFolded(scalar, to: &output) }
        return output
    }

    static func appendFolded(_ scalar: Unicode.Scalar, to output: inout String) {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A {
                output.unicodeScalars.append(Unicode.Scalar(value + 32)!)
            } else {
                output.unicodeScalars.append(scalar)
            }
            return
        }
        if isMark(scalar) { return }
        if value == 0x2019 || value == 0x2018 {
            output.append("'")
            return
        }
        if value == 0xDF {
            output.append("ss")
            return
        }
        let lower = scalar.properties.lowercaseMapping
        for folded in lower.decomposedStringWithCanonicalMapping.unicodeScalars where !isMark(folded) {
            output.unicodeScalars.append(folded)
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Contractions and spellings that mean the same word.
    static let wholeWordForms: [String: String] = [
        "cant": "cannot", "wont": "wont", "ok": "okay",
    ]

    /// Number words mapped to digits, so that "thirty days" finds "30 days".
    static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
        "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
        "hundred": 100, "thousand": 1000,
    ]

    /// Normalises one folded word: apostrophes, contractions, number words.
    static func normalize(_ folded: String) -> String {
        var word = folded
        var hasApostrophe = false
        var hasComma = false
        var hasDigit = false
        for byte in word.utf8 {
            if byte == 0x27 { hasApostrophe = true } else if byte == 0x2C { hasComma = true } else if byte >= 0x30 && byte <= 0x39 { hasDigit = true }
        }
        if hasApostrophe {
            if word.hasSuffix("'s") {
                word.removeLast(2)
            } else if word.hasSuffix("n't") {
                word = word == "can't" ? "cannot" : word == "won't" ? "wont" : String(word.filter { $0 != "'" })
            } else if let apostrophe = word.firstIndex(of: "'") {
                let suffix = word[word.index(after: apostrophe)...]
                if ["m", "re", "ll", "ve", "d"].contains(suffix) {
                    word = String(word[..<apostrophe])
                } else {
                    word = String(word.filter { $0 != "'" })
                }
            }
        }
        if hasComma { word = String(word.filter { $0 != "," }) }
        if hasDigit || !mayBeSpecial(word) { return word }
        if let mapped = wholeWordForms[word] { return mapped }
        if let number = numberWords[word] { return String(number) }
        return word
    }

    /// Every word a special spelling normalises to ("cannot", "1"): a snippet only needs to respell
    /// words when the forms it marks include one of these.
    static let specialTargets: Set<String> = Set(wholeWordForms.values).union(numberWords.values.map { String($0) })

    /// A cheap test that rules out most words before the dictionary lookups: the first letter,
    /// last letter and length of every number word and contraction, as bits.
    static let specialKeys: [Bool] = {
        var keys = [Bool](repeating: false, count: 4096)
        for word in Array(wholeWordForms.keys) + Array(numberWords.keys) { keys[specialKey(Array(word.utf8))] = true }
        return keys
    }()

    @inline(__always)
    static func specialKey(_ bytes: some Collection<UInt8>) -> Int {
        guard let first = bytes.first else { return 0 }
        var last: UInt8 = 0
        for byte in bytes { last = byte }
        return (Int(first) &* 64 &+ Int(last) &* 8 &+ bytes.count) & 4095
    }

    static func mayBeSpecial(_ word: String) -> Bool {
        let length = word.utf8.count
        guard length >= 2, length <= 9 else { return false }
        return specialKeys[specialKey(word.utf8)]
    }
}

/// The byte-level word scanner behind ``Tokenizer/scan(_:_:)``.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var position = 0
    /// Segment boundaries of the current word, reused from word to word.
    var segments: [(Int, Int)] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The scalar at `offset` and its length in bytes.
    func scalar(at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        var length = 1
        var value: UInt32
        if lead & 0xE0 == 0xC0 {
            length = 2
            value = UInt32(lead & 0x1F)
        } else if lead & 0xF0 == 0xE0 {
            length = 3
            value = UInt32(lead & 0x0F)
        } else {
            length = 4
            value = UInt32(lead & 0x07)
        }
        guard offset + length <= bytes.count else { return (Unicode.Scalar(0xFFFD)!, 1) }
        for next in 1..<length { value = value << 6 | UInt32(bytes[offset + next] & 0x3F) }
        return (Unicode.Scalar(value) ?? Unicode.Scalar(0xFFFD)!, length)
    }

    enum Kind { case letter, digit, other }

    func kind(at offset: Int) -> Kind {
        guard offset < bytes.count else { return .other }
        let byte = bytes[offset]
        if byte < 0x80 {
            if byte >= 0x30 && byte <= 0x39 { return .digit }
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { return .letter }
            return .other
        }
        let (scalar, _) = scalar(at: offset)
        let properties = scalar.properties
        if properties.isAlphabetic || Tokenizer.isMark(scalar) { return .letter }
        if properties.numericType != nil { return .digit }
        return .other
    }

    /// Whether the byte at `offset` is an apostrophe (ASCII or typographic).
    func isApostrophe(at offset: Int) -> (Bool, Int) {
        guard offset < bytes.count else { return (false, 0) }
        if bytes[offset] == 0x27 { return (true, 1) }
        if bytes[offset] == 0xE2, offset + 2 < bytes.count, bytes[offset + 1] == 0x80, bytes[offset + 2] == 0x99 {
            return (true, 3)
        }
        return (false, 0)
    }

    func length(at offset: Int) -> Int { scalar(at: offset).1 }

    mutating func run(_ emit: (RawToken) -> Void) {
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80, lead != 0x24, !((lead >= 0x30 && lead <= 0x39) || ((lead | 0x20) >= 0x61 && (lead | 0x20) <= 0x7A)) {
                index += 1
                continue
            }
            let startKind = kind(at: index)
            let hasDollar = bytes[index] == 0x24 && kind(at: index + 1) == .digit
            if startKind == .other && !hasDollar {
                index += length(at: index)
                continue
            }
            let wordStart = index
            if hasDollar { index += 1 }
            segments.removeAll(keepingCapacity: true)
            var segmentStart = index
            var previous: Kind = .other
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    // ASCII fast path.
                    if byte >= 0x30 && byte <= 0x39 {
                        previous = .digit
                        index += 1
                        continue
                    }
                    if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A {
                        previous = .letter
                        index += 1
                        continue
                    }
                }
                let current = kind(at: index)
                if current != .other {
                    previous = current
                    index += length(at: index)
                    continue
                }
                let (apostrophe, apostropheLength) = isApostrophe(at: index)
                if apostrophe, previous == .letter, kind(at: index + apostropheLength) == .letter {
                    index += apostropheLength
                    continue
                }
                if (byte == 0x2E || byte == 0x2C), previous == .digit, kind(at: index + 1) == .digit {
                    index += 1
                    continue
                }
                if byte == 0x2D, previous != .other, kind(at: index + 1) != .other {
                    segments.append((segmentStart, index))
                    index += 1
                    segmentStart = index
                    previous = .other
                    continue
                }
                break
            }
            if segments.isEmpty {
                // The common case: one plain word.
                let word = text(segmentStart, index)
                if !word.isEmpty {
                    emit(RawToken(text: word, start: segmentStart, end: index, position: position, isVariant: false))
                    if hasDollar {
                        emit(RawToken(text: "$" + word, start: wordStart, end: index, position: position, isVariant: true))
                    }
                    position += 1
                }
                continue
            }
            segments.append((segmentStart, index))
            emitWord(wordStart: wordStart, hasDollar: hasDollar, segments: segments, emit)
        }
    }

    func text(_ start: Int, _ end: Int) -> String {
        var allASCII = true
        for offset in start..<end where bytes[offset] >= 0x80 {
            allASCII = false
            break
        }
        var folded: String
        if allASCII {
            var plain = true
            folded = String(unsafeUninitializedCapacity: end - start) { buffer in
                for offset in start..<end {
                    let byte = bytes[offset]
                    if byte == 0x27 || byte == 0x2C || (byte >= 0x30 && byte <= 0x39) { plain = false }
                    buffer[offset - start] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
                }
                return end - start
            }
            // Plain lower-case words that cannot be number words or contractions need no more work.
            if plain {
                let length = end - start
                if length < 2 || length > 9 { return folded }
                let first = bytes[start] | 0x20
                let last = bytes[end - 1] | 0x20
                if !Tokenizer.specialKeys[(Int(first) &* 64 &+ Int(last) &* 8 &+ length) & 4095] { return folded }
            }
        } else {
            folded = ""
            let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            for scalar in raw.unicodeScalars { Tokenizer.appendFolded(scalar, to: &folded) }
        }
        return Tokenizer.normalize(folded)
    }

    mutating func emitWord(wordStart: Int, hasDollar: Bool, segments: [(Int, Int)], _ emit: (RawToken) -> Void) {
        var parts = segments.map { (text: text($0.0, $0.1), start: $0.0, end: $0.1) }
        // "twenty-one" is one number.
        if parts.count == 2, let tens = Int(parts[0].text), let units = Int(parts[1].text),
            tens >= 20, tens <= 90, tens % 10 == 0, units >= 1, units <= 9,
            Tokenizer.numberWords[fold(parts[0])] != nil
        {
            parts = [(String(tens + units), parts[0].start, parts[1].end)]
        }
        parts.removeAll { $0.text.isEmpty }
        guard !parts.isEmpty else { return }
        let wordEnd = parts[parts.count - 1].end
        if parts.count == 1 {
            let part = parts[0]
            emit(RawToken(text: part.text, start: part.start, end: part.end, position: position, isVariant: false))
            if hasDollar {
                emit(RawToken(text: "$" + part.text, start: wordStart, end: part.end, position: position, isVariant: true))
            }
            position += 1
            return
        }
        let joined = parts.map(\.text).joined()
        for (offset, part) in parts.enumerated() {
            emit(RawToken(text: part.text, start: part.start, end: part.end, position: position, isVariant: false))
            if offset == 0 {
                emit(RawToken(text: joined, start: part.start, end: wordEnd, position: position, isVariant: true))
            }
            position += 1
        }
    }

    /// The folded original spelling of a part (before number words were mapped).
    private func fold(_ part: (text: String, start: Int, end: Int)) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[part.start..<part.end]), as: UTF8.self).lowercased()
    }
}
