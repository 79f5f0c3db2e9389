import KnowledgeBase

extension SearchIndex {
    /// The word forms a query can match: every surface form of every stem in its plan (literal,
    /// typo, prefix and synonym alternatives), for marking matches in snippets and articles.
    ///
    /// Each form appears once (a word has one stem, and each stem is taken once); no set of strings
    /// is built, as hashing every form was a tenth of a query's time.
    func matchableForms(of plan: QueryPlan) -> [String] {
        var forms: [String] = []
        var seen: [Int32] = []
        for clause in plan.clauses {
            for alternative in clause.alternatives {
                for stem in alternative.stems where !seen.contains(stem) {
                    seen.append(stem)
                    for word in dictionary.words(ofStem: stem).prefix(64) { forms.append(dictionary.words[Int(word)]) }
                }
            }
        }
        return forms
    }

    /// Builds the hit for an article: a snippet of its best section with the query's forms marked.
    func hit(article index: Int32, doc: Int32, score: Float, matcher: SnippetMaker, today: ContentDate, isPromoted: Bool) -> SearchHit {
        let sectionIndex = sectionIndex(ofDocument: doc)
        var snippet = articles.withTextUTF8(article: Int(index), section: sectionIndex) { matcher.snippet(of: $0) }
        if snippet.text.isEmpty {
            let article = articles[Int(index)]
            snippet = matcher.snippet(of: article.summary ?? article.sections[sectionIndex].heading ?? article.title)
        }
        return SearchHit(
            articles: articles, articleIndex: Int(index), sectionIndex: sectionIndex, score: Double(score), snippet: snippet,
            isStale: articles[Int(index)].isStale(on: today), isPromoted: isPromoted, matchedFormList: matcher.forms)
    }

    /// Terms of the index closest to `word` (did-you-mean, completion): within the typo allowance
    /// (at least one edit), closest and most frequent first.
    ///
    /// - Complexity: proportional to the trie nodes near `word`, not to the dictionary size.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        let folded = Tokenizer.words(word).joined()
        guard !folded.isEmpty else { return [] }
        let allowed = max(1, EditDistance.allowedEdits(folded.unicodeScalars.count))
        return dictionary.corrections(for: folded, maxDistance: allowed).prefix(max(0, limit)).map { dictionary.words[Int($0.word)] }
    }

    /// Index terms starting with `prefix` (for tab completion), most frequent first.
    ///
    /// - Complexity: O(log n + m log m) for m words with the prefix.
    public func completions(forPrefix prefix: String, limit: Int = 20) -> [String] {
        let folded = Tokenizer.fold(Substring(prefix))
        guard !folded.isEmpty else { return [] }
        return dictionary.words(withPrefix: folded)
            .sorted { dictionary.wordCount[Int($0)] > dictionary.wordCount[Int($1)] || (dictionary.wordCount[Int($0)] == dictionary.wordCount[Int($1)] && $0 < $1) }
            .prefix(max(0, limit))
            .map { dictionary.words[Int($0)] }
    }
}

/// Picks the best passage of a text for a hit and marks the matched words. Prepared once per query
/// (the forms to mark), then used for each hit.
struct SnippetMaker {
    /// The window, in words.
    static let length = 30

    /// The folded word forms to mark, each once.
    let forms: [String]
    /// For each first byte, the lengths of the forms starting with it, as bits (an upper-case
    /// letter has its lower case's): most words are rejected on their first byte and length
    /// without becoming a string.
    private let lengthsByFirst: [UInt64]
    /// The forms, looked up by a word's bytes.
    private let formBytes: FormByteSet
    /// Whether some form is what a special spelling normalises to, so words must be respelt to match.
    private let mayNeedRespelling: Bool
    /// Whether words are found from bit masks of the text, eight bytes at a time (false only to test
    /// that path against the byte-at-a-time one).
    private let scansEightBytes: Bool

    /// Prepares the marking of `forms` (folded words; repeats are harmless).
    init<Forms: Sequence<String>>(forms: Forms, scansEightBytes: Bool = true) {
        self.scansEightBytes = scansEightBytes
        self.forms = Array(forms)
        var lengths = [UInt64](repeating: 0, count: 256)
        for form in self.forms {
            guard let first = form.utf8.first else { continue }
            lengths[Int(first)] |= 1 << UInt64(min(63, form.utf8.count))
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { lengths[Int(upper)] = lengths[Int(upper | 0x20)] }
        lengthsByFirst = lengths
        let formBytes = FormByteSet(self.forms)
        self.formBytes = formBytes
        mayNeedRespelling = self.forms.contains { Self.specialTargets.contains($0) }
    }

    /// What special spellings normalise to (``Tokenizer/specialTargets``), looked up by bytes.
    private static let specialTargets = FormByteSet(Tokenizer.specialTargets)

    /// About ``length`` words of `text` around the densest run of words in `forms`, on one line, with
    /// "…" where it was cut.
    static func snippet(of text: String, forms: Set<String>) -> Snippet {
        SnippetMaker(forms: forms).snippet(of: text)
    }

    /// What a byte can be in a word, for the scanner's table.
    private enum ByteClass {
        static let other: UInt8 = 0
        /// An ASCII letter or digit.
        static let letter: UInt8 = 1
        /// Any byte of a multi-byte character.
        static let nonASCII: UInt8 = 2
        /// A hyphen, apostrophe or comma, which joins the letters around it into one token.
        static let joiner: UInt8 = 3
        /// A full stop, which joins digits to the letters or digits after it (`2.5`).
        static let period: UInt8 = 4
        /// A dollar sign, which starts a token before a digit (`$50`).
        static let dollar: UInt8 = 5
    }

    /// The class of every byte.
    private static let byteClasses: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: ByteClass.letter
        case 0x80...: ByteClass.nonASCII
        case 0x2D, 0x27, 0x2C: ByteClass.joiner
        case 0x2E: ByteClass.period
        case 0x24: ByteClass.dollar
        default: ByteClass.other
        }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The bytes of `chunk` that can be in a word, as the low eight bits (first byte lowest): ASCII
    /// letters and digits, and every byte of a multi-byte character. Each byte is range-checked in
    /// its own lane, with its top bit cleared first so that no sum carries into the next lane; the
    /// lanes' flags are then gathered by one multiplication.
    @inline(__always)
    static func wordByteBits(_ chunk: UInt64) -> UInt64 {
        let lanes: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let low = chunk & ~high
        let folded = low | (0x20 &* lanes)
        let letter = (folded &+ (0x80 - 0x61) &* lanes) & ~(folded &+ (0x80 - 0x7B) &* lanes)
        let digit = (low &+ (0x80 - 0x30) &* lanes) & ~(low &+ (0x80 - 0x3A) &* lanes)
        return Self.gatherTopBits((letter | digit | chunk) & high)
    }

    /// The top bit of each byte of `flags` (its only bits), as the low eight bits, lowest byte
    /// lowest (chunks are loaded little-endian, so that is the text's first byte on any machine).
    @inline(__always)
    static func gatherTopBits(_ flags: UInt64) -> UInt64 {
        (flags &* 0x0002_0408_1020_4081) >> 56
    }

    /// A word of the text: its bytes and whether it is one of the forms.
    private struct Word {
        var start: Int32
        var end: Int32
        var isMatch: Bool
    }

    /// About ``length`` words of `text` around the densest run of matched words, on one line, with
    /// "…" where it was cut.
    func snippet(of text: String) -> Snippet {
        var source = text
        return source.withUTF8 { bytes in snippet(of: bytes) }
    }

    /// ``snippet(of:)`` of text given as UTF-8 bytes.
    func snippet(of bytes: UnsafeBufferPointer<UInt8>) -> Snippet {
        // At most one word per two bytes (a word and the byte that ends it), and one more.
        withUnsafeTemporaryAllocation(of: Word.self, capacity: bytes.count / 2 + 1) { words in
            let count = scansEightBytes ? wordsByMask(of: bytes, into: words) : wordsByByte(of: bytes, into: words)
            return snippet(of: bytes, words: UnsafeBufferPointer(rebasing: words[..<count]))
        }
    }

    /// Whether the word `bytes[start..<end]` is one of the forms. The scanners call it only for
    /// a word that may be (see ``mayMatch(_:_:_:isPlain:lengths:)``), so it stays out of their loops.
    @inline(never)
    private func isMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isPlain: Bool) -> Bool {
        let wordLength = end &- start
        guard isPlain else {
            // Hyphens, apostrophes, signs or other scripts: the full tokenizer decides.
            let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            var isMatch = false
            Tokenizer.scan(piece) { token in if formBytes.contains(token.text) { isMatch = true } }
            return isMatch
        }
        // Plain ASCII words are tested on their bytes: a word becomes a string only when its first
        // letter and length fit a form, or it may be a special spelling.
        let first = bytes[start] &- 0x41 < 26 ? bytes[start] | 0x20 : bytes[start]
        if lengthsByFirst[Int(first)] & (1 << UInt64(min(63, wordLength))) != 0,
            formBytes.contains(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        {
            return true
        }
        guard mayNeedRespelling, wordLength >= 2, wordLength <= 9,
            Tokenizer.specialKeys[(Int(first) &* 64 &+ Int(bytes[end &- 1] | 0x20) &* 8 &+ wordLength) & 4095]
        else { return false }
        let word = String(unsafeUninitializedCapacity: wordLength) { buffer in
            for offset in 0..<wordLength {
                let value = bytes[start &+ offset]
                buffer[offset] = value &- 0x41 < 26 ? value | 0x20 : value
            }
            return wordLength
        }
        return formBytes.contains(Tokenizer.normalize(word))
    }

    /// Whether the word `bytes[start..<end]` may be one of the forms: it is not plain ASCII
    /// letters and digits, or its first byte and length fit a form, or a special spelling may be
    /// respelt into one. `lengths` is ``lengthsByFirst``.
    @inline(__always)
    private func mayMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isPlain: Bool, lengths: UnsafeBufferPointer<UInt64>) -> Bool {
        !isPlain || mayNeedRespelling || lengths[Int(bytes[start])] &>> UInt64(min(63, end &- start)) & 1 != 0
    }

    /// Whether a hyphen, apostrophe, comma or decimal point at `index` joins the word before it to
    /// the one after (`pre-order`, `can't`, `1,000`, `2.5`): one token.
    @inline(__always)
    private static func joins(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, classes: UnsafeBufferPointer<UInt8>) -> Bool {
        let byteClass = classes[Int(bytes[index])]
        guard byteClass == ByteClass.joiner || byteClass == ByteClass.period, index &+ 1 < bytes.count else { return false }
        let next = classes[Int(bytes[index &+ 1])]
        return (next == ByteClass.letter || next == ByteClass.nonASCII) && (byteClass == ByteClass.joiner || isDigit(bytes[index &- 1]))
    }

    /// Splits `bytes` into words, a byte at a time (the reference for ``wordsByMask(of:into:)``);
    /// returns how many were written to `words`.
    private func wordsByByte(of bytes: UnsafeBufferPointer<UInt8>, into words: UnsafeMutableBufferPointer<Word>) -> Int {
        Self.byteClasses.withUnsafeBufferPointer { classes in lengthsByFirst.withUnsafeBufferPointer { lengths in
            var written = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byteClass = classes[Int(bytes[index])]
                let startsWord =
                    byteClass == ByteClass.letter || byteClass == ByteClass.nonASCII
                    || (byteClass == ByteClass.dollar && index + 1 < count && Self.isDigit(bytes[index + 1]))
                guard startsWord else {
                    index += 1
                    continue
                }
                let start = index
                var isPlain = byteClass == ByteClass.letter
                index += 1
                while index < count {
                    let next = classes[Int(bytes[index])]
                    if next == ByteClass.letter {
                        index += 1
                    } else if next == ByteClass.nonASCII {
                        isPlain = false
                        index += 1
                    } else if Self.joins(bytes, at: index, classes: classes) {
                        isPlain = false
                        index += 1
                    } else {
                        break
                    }
                }
                let matches = mayMatch(bytes, start, index, isPlain: isPlain, lengths: lengths) && isMatch(bytes, start, index, isPlain: isPlain)
                words[written] = Word(start: Int32(start), end: Int32(index), isMatch: matches)
                written += 1
            }
            return written
        }}
    }

    /// Splits `bytes` into words from a bit mask of the bytes that can be in a word, made eight
    /// bytes at a time: a word starts and ends where that bit changes, so the words of 64 bytes
    /// come from one mask word, a count of trailing zeros per boundary. Returns how many words were
    /// written to `words`.
    private func wordsByMask(of bytes: UnsafeBufferPointer<UInt8>, into words: UnsafeMutableBufferPointer<Word>) -> Int {
        let count = bytes.count
        guard count > 0 else { return 0 }
        let maskCount = (count + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * maskCount) { masks in
            // Masks `0..<maskCount`: the bytes that can be in a word; then the bytes of multi-byte characters.
            let wordMasks = masks.baseAddress!
            let highMasks = wordMasks + maskCount
            let hasHighBytes = Self.fillMasks(bytes, words: wordMasks, high: highMasks)
            return Self.byteClasses.withUnsafeBufferPointer { classes in lengthsByFirst.withUnsafeBufferPointer { lengths in
                var written = 0
                // Where the word being read started, whether a joiner has made it one of
                // several parts, and whether the last boundary started a word.
                var start = 0
                var isJoined = false
                var isInWord = false
                var carry: UInt64 = 0
                // One mask past the last, empty, ends a word that runs to the end of the text.
                for mask in 0...maskCount {
                    let wordBits = mask < maskCount ? wordMasks[mask] : 0
                    // A bit for each byte whose word bit differs from the byte before: starts and ends, in turn.
                    var boundaries = wordBits ^ (wordBits << 1 | carry)
                    carry = wordBits >> 63
                    while boundaries != 0 {
                        let end = mask &<< 6 | boundaries.trailingZeroBitCount
                        boundaries &= boundaries &- 1
                        isInWord.toggle()
                        if isInWord {
                            if !isJoined { start = end }
                            continue
                        }
                        if end < count, Self.joins(bytes, at: end, classes: classes) {
                            isJoined = true
                            continue
                        }
                        var first = start
                        var isPlain = !isJoined
                        isJoined = false
                        if first > 0, bytes[first &- 1] == UInt8(ascii: "$"), Self.isDigit(bytes[first]) {
                            first &-= 1
                            isPlain = false
                        }
                        if isPlain, hasHighBytes, Self.anyBit(highMasks, first, end) { isPlain = false }
                        words[written] = Word(
                            start: Int32(truncatingIfNeeded: first), end: Int32(truncatingIfNeeded: end),
                            isMatch: mayMatch(bytes, first, end, isPlain: isPlain, lengths: lengths) && isMatch(bytes, first, end, isPlain: isPlain))
                        written &+= 1
                    }
                }
                return written
            }}
        }
    }

    /// Fills `words` and `high` with a bit per byte of `bytes` (first byte lowest, 64 a mask): the
    /// bytes that can be in a word, and the bytes of multi-byte characters. Returns whether there is
    /// any of the latter.
    private static func fillMasks(_ bytes: UnsafeBufferPointer<UInt8>, words: UnsafeMutablePointer<UInt64>, high: UnsafeMutablePointer<UInt64>) -> Bool {
        let count = bytes.count
        var hasHighBytes = false
        /// The masks of 64 bytes at `base`: eight loads, and the multi-byte bits only if there are any.
        func fill(_ mask: Int, from base: UnsafeRawPointer) {
            let topBits: UInt64 = 0x8080_8080_8080_8080
            var wordBits: UInt64 = 0
            var anyHigh: UInt64 = 0
            for lane in 0..<8 {
                let chunk = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: lane &* 8, as: UInt64.self))
                wordBits |= wordByteBits(chunk) << UInt64(lane &* 8)
                anyHigh |= chunk & topBits
            }
            var highBits: UInt64 = 0
            if anyHigh != 0 {
                for lane in 0..<8 {
                    let chunk = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: lane &* 8, as: UInt64.self))
                    highBits |= gatherTopBits(chunk & topBits) << UInt64(lane &* 8)
                }
                hasHighBytes = true
            }
            words[mask] = wordBits
            high[mask] = highBits
        }
        let whole = count / 64
        for mask in 0..<whole { fill(mask, from: UnsafeRawPointer(bytes.baseAddress! + mask &* 64)) }
        if whole * 64 < count {
            // The last bytes, padded with zeros (which end a word).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { tail in
                tail.initialize(repeating: 0)
                _ = tail.initialize(from: bytes[(whole * 64)...])
                fill(whole, from: UnsafeRawPointer(tail.baseAddress!))
            }
        }
        return hasHighBytes
    }

    /// Whether any bit of `start..<end` is set in `masks` (64 bits a mask, first bit lowest).
    private static func anyBit(_ masks: UnsafeMutablePointer<UInt64>, _ start: Int, _ end: Int) -> Bool {
        var position = start
        while position < end {
            let offset = position & 63
            let span = min(64 &- offset, end &- position)
            let bits = masks[position &>> 6] >> UInt64(offset)
            if (span == 64 ? bits : bits & ((1 << UInt64(span)) &- 1)) != 0 { return true }
            position &+= span
        }
        return false
    }

    private func snippet(of bytes: UnsafeBufferPointer<UInt8>, words: UnsafeBufferPointer<Word>) -> Snippet {
        let length = Self.length
        let count = bytes.count
        guard !words.isEmpty else { return Snippet(text: "", highlights: []) }
        // The window with the most matches; earliest wins ties.
        var bestStart = 0
        var bestCount = -1
        var matches = 0
        for index in 0..<words.count {
            if words[index].isMatch { matches += 1 }
            if index >= length, words[index - length].isMatch { matches -= 1 }
            let start = max(0, index - length + 1)
            if index >= min(length, words.count) - 1, matches > bestCount {
                bestCount = matches
                bestStart = start
            }
        }
        // Start a little before the first match so it has context.
        if let first = (bestStart..<min(words.count, bestStart + length)).first(where: { words[$0].isMatch }), first - bestStart > 8 {
            bestStart = min(first - 3, max(0, words.count - length))
        }
        let last = min(words.count, bestStart + length) - 1
        let from = bestStart == 0 ? 0 : Int(words[bestStart].start)
        let to = last == words.count - 1 ? count : Int(words[last].end)
        // The window's bytes with runs of white space made one space; highlights as byte ranges.
        let isCutBefore = bestStart > 0
        let isCutAfter = last < words.count - 1
        var highlights: [Range<Int>] = []
        let capacity = to - from + 8
        let text = String(unsafeUninitializedCapacity: capacity) { output in
            var written = 0
            var pendingSpace = false
            // A byte of text, after the one space owed to the white space before it.
            func put(_ byte: UInt8) {
                if pendingSpace {
                    output[written] = 0x20
                    written += 1
                    pendingSpace = false
                }
                output[written] = byte
                written += 1
            }
            if isCutBefore { for byte in "… ".utf8 { put(byte) } }
            let contentStart = written
            // Bytes between words (spaces, punctuation), with each run of white space made one space.
            func copyGap(_ start: Int, _ end: Int) {
                for position in start..<end {
                    let byte = bytes[position]
                    if byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x20 {
                        pendingSpace = written > contentStart
                    } else {
                        put(byte)
                    }
                }
            }
            var position = from
            for word in words[bestStart...last] {
                if Int(word.start) == position &+ 1, bytes[position] == 0x20, written > contentStart {
                    // The common gap, one space between words: owed as it is.
                    pendingSpace = true
                } else {
                    copyGap(position, Int(word.start))
                }
                let lower = written + (pendingSpace ? 1 : 0)
                // The word's bytes in one copy, after the space owed to the gap before it.
                if pendingSpace {
                    output[written] = 0x20
                    written += 1
                    pendingSpace = false
                }
                let wordLength = Int(word.end - word.start)
                let source = UnsafeRawPointer(bytes.baseAddress! + Int(word.start))
                let target = UnsafeMutableRawPointer(output.baseAddress! + written)
                if wordLength <= 8, Int(word.start) &+ 8 <= count, written &+ 8 <= capacity {
                    // A short word as one eight-byte move: the bytes past it are written over next, or lie
                    // past the snippet's end.
                    target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                } else {
                    target.copyMemory(from: source, byteCount: wordLength)
                }
                written += wordLength
                if word.isMatch, highlights.last.map({ $0.upperBound <= lower }) ?? true { highlights.append(lower..<written) }
                position = Int(word.end)
            }
            copyGap(position, to)
            pendingSpace = false
            if isCutAfter { for byte in " …".utf8 { put(byte) } }
            return written
        }
        let view = text.utf8
        let ranges = highlights.map { range in
            view.index(view.startIndex, offsetBy: range.lowerBound)..<view.index(view.startIndex, offsetBy: range.upperBound)
        }
        return Snippet(text: text, highlights: ranges)
    }
}
