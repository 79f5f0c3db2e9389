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
        scanFolded(text) { word, start, end, position, isVariant in
            emit(RawToken(text: String(decoding: word, as: UTF8.self), start: start, end: end, position: position, isVariant: isVariant))
        }
    }

    /// Calls `emit` for every word of `text`, in order, with the folded word as UTF-8 bytes that are
    /// valid only during the call: the indexer's path, which makes no `String` for a word it knows.
    ///
    /// `emit` gets the folded word, its UTF-8 range in `text`, its position and whether it is a variant
    /// (see ``RawToken``). `plainWordPath: false` sends every word through the general path, which the fast path must
    /// agree with (for tests).
    static func scanFolded(
        _ text: String, plainWordPath: Bool = true,
        _ emit: (_ word: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ position: Int, _ isVariant: Bool) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in scanFolded(utf8: bytes, plainWordPath: plainWordPath, emit) }
    }

    /// ``scanFolded(_:plainWordPath:_:)`` over text given as UTF-8 bytes.
    static func scanFolded(
        utf8 bytes: UnsafeBufferPointer<UInt8>, plainWordPath: Bool = true,
        _ emit: (_ word: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ position: Int, _ isVariant: Bool) -> Void
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Scanner.foldBufferCapacity) { buffer in
            var scanner = Scanner(bytes: bytes, foldBuffer: buffer, plainWordPath: plainWordPath)
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
        let utf8 = word.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                for (offset, byte) in utf8.enumerated() { buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
                return utf8.count
            }
        }
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
            if byte == 0x27 {
                hasApostrophe = true
            } else if byte == 0x2C {
                hasComma = true
            } else if WordByte.isASCIIDigit(byte) {
                hasDigit = true
            }
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
        return specialKey(first: first, last: last, length: bytes.count)
    }

    /// The key of ``specialKeys`` for a folded word with these first and last bytes and length.
    @inline(__always)
    static func specialKey(first: UInt8, last: UInt8, length: Int) -> Int {
        (Int(first) &* 64 &+ Int(last) &* 8 &+ length) & 4095
    }

    static func mayBeSpecial(_ word: String) -> Bool {
        let length = word.utf8.count
        guard length >= 2, length <= 9 else { return false }
        return specialKeys[specialKey(word.utf8)]
    }
}

/// The byte-level word scanner behind ``Tokenizer/scan(_:_:)``.
private struct Scanner {
    /// The longest plain word folded in ``foldBuffer``; longer ones become a `String`.
    static let foldBufferCapacity = 64

    typealias Emit = (_ word: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ position: Int, _ isVariant: Bool) -> Void

    let bytes: UnsafeBufferPointer<UInt8>
    /// Where plain ASCII words are folded, reused from word to word.
    let foldBuffer: UnsafeMutableBufferPointer<UInt8>
    var index = 0
    var position = 0
    /// Segment boundaries of the current word, reused from word to word.
    var segments: [(Int, Int)] = []
    /// ``Tokenizer/specialKeys``, read once per text.
    let specialKeys: [Bool] = Tokenizer.specialKeys

    /// Whether plain ASCII words take ``scanPlainWord()``.
    let plainWordPath: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, foldBuffer: UnsafeMutableBufferPointer<UInt8>, plainWordPath: Bool) {
        self.bytes = bytes
        self.foldBuffer = foldBuffer
        self.plainWordPath = plainWordPath
    }

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
            if WordByte.isASCIIDigit(byte) { return .digit }
            if WordByte.isASCIILetter(byte) { return .letter }
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

    mutating func run(_ emit: Emit) {
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80, lead != 0x24, !WordByte.isASCIIAlphanumeric(lead) {
                index += 1
                continue
            }
            if lead < 0x80, lead != 0x24, plainWordPath, let end = scanPlainWord() {
                emit(UnsafeBufferPointer(rebasing: foldBuffer[..<(end - index)]), index, end, position, false)
                position += 1
                index = end
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
            let segmentStart = scanWord()
            if segments.isEmpty {
                emitSingle(wordStart: wordStart, start: segmentStart, hasDollar: hasDollar, emit)
                continue
            }
            segments.append((segmentStart, index))
            emitWord(wordStart: wordStart, hasDollar: hasDollar, segments: segments, emit)
        }
    }

    /// Moves ``index`` to the end of the word that starts there: letters and digits, with an
    /// apostrophe between letters and a point or comma between digits. A hyphen between word
    /// characters ends a segment (kept in ``segments``); returns the start of the last segment.
    mutating func scanWord() -> Int {
        if !segments.isEmpty { segments.removeAll(keepingCapacity: true) }
        var segmentStart = index
        var previous: Kind = .other
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                // ASCII fast path.
                if WordByte.isASCIIDigit(byte) {
                    previous = .digit
                    index += 1
                    continue
                }
                if WordByte.isASCIILetter(byte) {
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
            if byte == 0x2E || byte == 0x2C, previous == .digit, kind(at: index + 1) == .digit {
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
        return segmentStart
    }

    /// Emits a word of one segment, from `start` to ``index``; with `hasDollar`, its amount (`$5`) too.
    mutating func emitSingle(wordStart: Int, start: Int, hasDollar: Bool, _ emit: Emit) {
        // The common case: one plain word, folded without making a String.
        if !hasDollar, let length = foldPlain(start, index) {
            emit(UnsafeBufferPointer(rebasing: foldBuffer[..<length]), start, index, position, false)
            position += 1
            return
        }
        var word = text(start, index)
        guard !word.isEmpty else { return }
        word.withUTF8 { emit($0, start, index, position, false) }
        if hasDollar {
            var amount = "$" + word
            amount.withUTF8 { emit($0, wordStart, index, position, true) }
        }
        position += 1
    }

    /// The fast path for the common word: ASCII letters and digits from ``index`` (an ASCII letter or
    /// digit), folded into ``foldBuffer``, that no normalisation changes and that the byte after it
    /// plainly ends. Returns the word's end, or nil for ``run(_:)``'s general path to handle it.
    @inline(__always)
    func scanPlainWord() -> Int? {
        var end = index
        var lastIsDigit = false
        var hasDigit = false
        let limit = min(bytes.count, index + foldBuffer.count)
        while end < limit {
            let byte = bytes[end]
            if WordByte.isASCIILetter(byte) {
                foldBuffer[end - index] = byte | 0x20
                lastIsDigit = false
            } else if WordByte.isASCIIDigit(byte) {
                foldBuffer[end - index] = byte
                lastIsDigit = true
                hasDigit = true
            } else {
                break
            }
            end += 1
        }
        if end < bytes.count {
            let next = bytes[end]
            if next >= 0x80 { return nil }
            switch next {
            case 0x27, 0x2D:
                // An apostrophe or a hyphen joins when a letter or digit follows.
                if end + 1 < bytes.count, !isPlainSeparator(bytes[end + 1]) { return nil }
            case 0x2E, 0x2C:
                // A point or a comma joins digits.
                if lastIsDigit, end + 1 < bytes.count, !isPlainSeparator(bytes[end + 1]) { return nil }
            default:
                if end == limit && WordByte.isASCIIAlphanumeric(next) { return nil }
            }
        }
        let length = end - index
        if !hasDigit, length >= 2, length <= 9 {
            if specialKeys[Tokenizer.specialKey(first: foldBuffer[0], last: foldBuffer[length - 1], length: length)] { return nil }
        }
        return end
    }

    /// Whether `byte` is ASCII and neither a letter nor a digit: it cannot continue a word.
    @inline(__always)
    func isPlainSeparator(_ byte: UInt8) -> Bool {
        byte < 0x80 && !WordByte.isASCIIAlphanumeric(byte)
    }

    /// Folds the word `start..<end` into ``foldBuffer`` and returns its length, when it is plain
    /// ASCII that no normalisation changes (no apostrophe or comma, and not a possible number word
    /// or contraction); nil otherwise, for ``text(_:_:)`` to handle.
    @inline(__always)
    func foldPlain(_ start: Int, _ end: Int) -> Int? {
        let length = end - start
        guard length <= foldBuffer.count else { return nil }
        var hasDigit = false
        for offset in start..<end {
            let byte = bytes[offset]
            if byte >= 0x80 || byte == 0x27 || byte == 0x2C { return nil }
            if WordByte.isASCIIDigit(byte) { hasDigit = true }
            foldBuffer[offset - start] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
        }
        if !hasDigit, length >= 2, length <= 9 {
            if specialKeys[Tokenizer.specialKey(first: foldBuffer[0], last: foldBuffer[length - 1], length: length)] { return nil }
        }
        return length
    }

    /// The folded, normalised word `start..<end`.
    func text(_ start: Int, _ end: Int) -> String {
        if let length = foldPlain(start, end) {
            return String(decoding: UnsafeBufferPointer(rebasing: foldBuffer[..<length]), as: UTF8.self)
        }
        var folded = ""
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        for scalar in raw.unicodeScalars { Tokenizer.appendFolded(scalar, to: &folded) }
        return Tokenizer.normalize(folded)
    }

    mutating func emitWord(wordStart: Int, hasDollar: Bool, segments: [(Int, Int)], _ emitBytes: Emit) {
        func emit(_ token: RawToken) {
            var text = token.text
            text.withUTF8 { emitBytes($0, token.start, token.end, token.position, token.isVariant) }
        }
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
