import CIntrinsics
import KnowledgeBase

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
    ///
    /// Bit 15 stands for every length from 15 on, so that the table is 512 bytes: a request of a
    /// kilobyte or more makes the C library tidy its small free blocks, on every query.
    private let lengthsByFirst: [UInt16]
    /// The forms, looked up by a word's bytes.
    private let formBytes: FormByteSet
    /// Whether some form is what a special spelling normalises to, so words must be respelt to match.
    private let mayNeedRespelling: Bool
    /// Whether words are found from bit masks of the text, 64 bytes a mask (false only to test that
    /// path against the byte-at-a-time one).
    private let scansByMask: Bool

    /// Prepares the marking of `forms` (folded words; repeats are harmless).
    init<Forms: Sequence<String>>(forms: Forms, scansByMask: Bool = true) {
        self.scansByMask = scansByMask
        self.forms = Array(forms)
        var lengths = [UInt16](repeating: 0, count: 256)
        for form in self.forms {
            guard let first = form.utf8.first else { continue }
            lengths[Int(first)] |= 1 << UInt16(min(Self.longLength, form.utf8.count))
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { lengths[Int(upper)] = lengths[Int(upper | 0x20)] }
        lengthsByFirst = lengths
        let formBytes = FormByteSet(self.forms)
        self.formBytes = formBytes
        mayNeedRespelling = self.forms.contains { Self.specialTargets.contains($0) }
    }

    /// The length whose bit in ``lengthsByFirst`` stands for it and every longer one.
    private static let longLength = 15

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
    private static let byteClasses: [UInt8] = (0...255).map { (value: Int) -> UInt8 in
        let byte = UInt8(value)
        if WordByte.isASCIIAlphanumeric(byte) { return ByteClass.letter }
        if byte >= 0x80 { return ByteClass.nonASCII }
        switch byte {
        case 0x2D, 0x27, 0x2C: return ByteClass.joiner
        case 0x2E: return ByteClass.period
        case 0x24: return ByteClass.dollar
        default: return ByteClass.other
        }
    }

    /// The two bit masks of 64 bytes (first byte lowest): the bytes that can be in a word (ASCII
    /// letters and digits, and every byte of a multi-byte character), and the bytes that need a
    /// closer look (multi-byte characters' bytes, and `-`, `'`, `,`, `.` and `$`, which may join
    /// words or start an amount). Sixteen bytes are compared at a time where the processor can.
    @inline(__always)
    static func textBits(_ bytes: UnsafePointer<UInt8>) -> (word: UInt64, special: UInt64) {
        let bits = frontline_classify64(bytes)
        return (bits.word, bits.special)
    }

    /// The words of a text, for choosing and copying a passage: word `k` is
    /// `bytes[starts[k]..<ends[k]]`, and `matches` holds, ascending, the indices of the words that
    /// are forms. The three arrays are scratch memory of the snippet being made.
    private struct WordList {
        let starts: UnsafeMutablePointer<Int32>
        let ends: UnsafeMutablePointer<Int32>
        var count = 0
        let matches: UnsafeMutablePointer<Int32>
        var matchCount = 0
    }

    /// About ``length`` words of `text` around the densest run of matched words, on one line, with
    /// "…" where it was cut.
    func snippet(of text: String) -> Snippet {
        var source = text
        return source.withUTF8 { bytes in snippet(of: bytes) }
    }

    /// ``snippet(of:)`` of text given as UTF-8 bytes; its word lists in `storage` when given (a
    /// query's hits share one), else in memory of its own.
    func snippet(of bytes: UnsafeBufferPointer<UInt8>, storage: SnippetStorage? = nil) -> Snippet {
        // At most one word per two bytes (a word and the byte that ends it), and one more; five
        // arrays that long: starts, ends and matches, and the mask scanner's candidates and words
        // that are not plain.
        let capacity = bytes.count / 2 + 1
        func make(_ base: UnsafeMutablePointer<Int32>) -> Snippet {
            var words = WordList(starts: base, ends: base + capacity, matches: base + 2 * capacity)
            if scansByMask {
                findWordsByMask(in: bytes, into: &words, candidates: base + 3 * capacity, unplain: base + 4 * capacity)
            } else {
                findWordsByByte(in: bytes, into: &words)
            }
            return snippet(of: bytes, words: words)
        }
        if let storage { return make(storage.reserve(5 * capacity)) }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * capacity) { make($0.baseAddress!) }
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
        if lengthsByFirst[Int(first)] & (1 << UInt16(min(Self.longLength, wordLength))) != 0,
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
    private func mayMatch(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isPlain: Bool, lengths: UnsafeBufferPointer<UInt16>
    ) -> Bool {
        !isPlain || mayNeedRespelling || lengths[Int(bytes[start])] &>> UInt16(min(Self.longLength, end &- start)) & 1 != 0
    }

    /// Whether a hyphen, apostrophe, comma or decimal point at `index` joins the word before it to
    /// the one after (`pre-order`, `can't`, `1,000`, `2.5`): one token.
    @inline(__always)
    private static func joins(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, classes: UnsafeBufferPointer<UInt8>) -> Bool {
        let byteClass = classes[Int(bytes[index])]
        guard byteClass == ByteClass.joiner || byteClass == ByteClass.period, index &+ 1 < bytes.count else { return false }
        let next = classes[Int(bytes[index &+ 1])]
        return (next == ByteClass.letter || next == ByteClass.nonASCII)
            && (byteClass == ByteClass.joiner || WordByte.isASCIIDigit(bytes[index &- 1]))
    }

    /// Splits `bytes` into words, a byte at a time: the reference for
    /// ``findWordsByMask(in:into:candidates:unplain:)``, and its way out for the rare text it leaves.
    private func findWordsByByte(in bytes: UnsafeBufferPointer<UInt8>, into words: inout WordList) {
        Self.byteClasses.withUnsafeBufferPointer { classes in
            lengthsByFirst.withUnsafeBufferPointer { lengths in
                var index = 0
                let count = bytes.count
                while index < count {
                    let byteClass = classes[Int(bytes[index])]
                    let startsWord =
                        byteClass == ByteClass.letter || byteClass == ByteClass.nonASCII
                        || (byteClass == ByteClass.dollar && index + 1 < count && WordByte.isASCIIDigit(bytes[index + 1]))
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
                    if mayMatch(bytes, start, index, isPlain: isPlain, lengths: lengths) && isMatch(bytes, start, index, isPlain: isPlain) {
                        words.matches[words.matchCount] = Int32(words.count)
                        words.matchCount += 1
                    }
                    words.starts[words.count] = Int32(start)
                    words.ends[words.count] = Int32(index)
                    words.count += 1
                }
            }
        }
    }

    /// Splits `bytes` into words from bit masks of the text, 64 bytes a mask (see
    /// ``textBits(_:)``), doing little for a word that cannot match.
    ///
    /// - The special bytes that join the word bytes on either side of them (`pre-order`, `can't`,
    ///   `1,000`, `2.5`), and the `$` signs that start amounts, are found from the masks and
    ///   checked one by one. Added to the word bytes, they make the mask of the words' bytes.
    /// - A word starts and ends where that mask changes: a count of trailing zeros each.
    /// - As a word ends, it is a candidate if its first byte and length fit a form. So is every
    ///   word with a special byte in it (not plain letters and digits).
    /// - Only candidates are tested against the forms.
    ///
    /// A `$` amount right after a word (`US$5`) is two words with nothing between them, which
    /// the mask cannot show: such a text is split a byte at a time. `candidates` and `unplain` are
    /// scratch room for as many words as `words` has.
    private func findWordsByMask(
        in bytes: UnsafeBufferPointer<UInt8>, into words: inout WordList, candidates: UnsafeMutablePointer<Int32>,
        unplain: UnsafeMutablePointer<Int32>
    ) {
        let count = bytes.count
        guard count > 0 else { return }
        let maskCount = (count + 63) / 64
        let isSplit: Bool = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * maskCount) { masks in
            let wordMasks = masks.baseAddress!
            let specialMasks = wordMasks + maskCount
            Self.fillMasks(bytes, words: wordMasks, special: specialMasks)
            guard let hasUnplain = Self.addJoinersAndSigns(bytes, words: wordMasks, special: specialMasks, count: maskCount) else {
                return false
            }
            let candidateCount = wordBounds(in: bytes, masks: wordMasks, count: maskCount, into: &words, candidates: candidates)
            let unplainCount =
                hasUnplain
                ? Self.unplainWords(words: wordMasks, special: specialMasks, count: maskCount, ends: words.ends, into: unplain) : 0
            words.matchCount = matchingWords(
                in: bytes, words: words, candidates: candidates, candidateCount: candidateCount, unplain: unplain,
                unplainCount: unplainCount)
            return true
        }
        if !isSplit { findWordsByByte(in: bytes, into: &words) }
    }

    /// Each word's start and end, where the word mask changes, into `words`; and the words whose first
    /// byte and length fit a form into `candidates`. Returns the number of candidates.
    private func wordBounds(
        in bytes: UnsafeBufferPointer<UInt8>, masks wordMasks: UnsafePointer<UInt64>, count maskCount: Int, into words: inout WordList,
        candidates: UnsafeMutablePointer<Int32>
    ) -> Int {
        let starts = words.starts
        let ends = words.ends
        var wordCount = 0
        var candidateCount = 0
        lengthsByFirst.withUnsafeBufferPointer { lengths in
            var startCount = 0
            var carry: UInt64 = 0
            // Starts and ends alternate, so the k-th end is word k's. One mask past the last,
            // empty, ends a word that reaches the end of the text.
            for mask in 0...maskCount {
                let bits = mask < maskCount ? wordMasks[mask] : 0
                let before = bits << 1 | carry
                carry = bits >> 63
                var wordStarts = bits & ~before
                var wordEnds = ~bits & before
                let base = Int32(truncatingIfNeeded: mask &<< 6)
                while wordStarts != 0 {
                    starts[startCount] = base | Int32(truncatingIfNeeded: wordStarts.trailingZeroBitCount)
                    startCount &+= 1
                    wordStarts &= wordStarts &- 1
                }
                while wordEnds != 0 {
                    let end = base | Int32(truncatingIfNeeded: wordEnds.trailingZeroBitCount)
                    wordEnds &= wordEnds &- 1
                    let start = starts[wordCount]
                    ends[wordCount] = end
                    // Written always, kept only if the word may match: no branch to mispredict.
                    candidates[candidateCount] = Int32(truncatingIfNeeded: wordCount)
                    let fits =
                        mayNeedRespelling
                        || lengths[Int(bytes[Int(start)])] &>> UInt16(min(Self.longLength, Int(end &- start))) & 1 != 0
                    candidateCount &+= fits ? 1 : 0
                    wordCount &+= 1
                }
            }
        }
        words.count = wordCount
        return candidateCount
    }

    /// The words with special bytes (not plain letters and digits), ascending, each once, into
    /// `unplain`. Returns their number.
    private static func unplainWords(
        words wordMasks: UnsafePointer<UInt64>, special specialMasks: UnsafePointer<UInt64>, count maskCount: Int,
        ends: UnsafeMutablePointer<Int32>, into unplain: UnsafeMutablePointer<Int32>
    ) -> Int {
        var unplainCount = 0
        var word = 0
        for mask in 0..<maskCount {
            var bits = wordMasks[mask] & specialMasks[mask]
            while bits != 0 {
                let index = Int32(truncatingIfNeeded: mask &<< 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
                while ends[word] <= index { word &+= 1 }
                if unplainCount == 0 || unplain[unplainCount &- 1] != Int32(truncatingIfNeeded: word) {
                    unplain[unplainCount] = Int32(truncatingIfNeeded: word)
                    unplainCount &+= 1
                }
            }
        }
        return unplainCount
    }

    /// Tests the candidates and the unplain words, merged in order, against the forms; writes the
    /// matching words to `words.matches` and returns their number.
    private func matchingWords(
        in bytes: UnsafeBufferPointer<UInt8>, words: WordList, candidates: UnsafeMutablePointer<Int32>, candidateCount: Int,
        unplain: UnsafeMutablePointer<Int32>, unplainCount: Int
    ) -> Int {
        var matchCount = 0
        var candidate = 0
        var other = 0
        while candidate < candidateCount || other < unplainCount {
            let next = candidate < candidateCount ? candidates[candidate] : Int32.max
            let nextUnplain = other < unplainCount ? unplain[other] : Int32.max
            let word = min(next, nextUnplain)
            if next == word { candidate &+= 1 }
            let isPlain = nextUnplain != word
            if !isPlain { other &+= 1 }
            if isMatch(bytes, Int(words.starts[Int(word)]), Int(words.ends[Int(word)]), isPlain: isPlain) {
                words.matches[matchCount] = word
                matchCount &+= 1
            }
        }
        return matchCount
    }

    /// Adds to the word masks the special bytes that belong to words: a joiner between two word
    /// bytes that joins them, and a `$` before the digits of an amount. Returns whether any word
    /// then has a special byte, or `nil` for a `$` amount right after a word, which the masks
    /// cannot split from it.
    private static func addJoinersAndSigns(
        _ bytes: UnsafeBufferPointer<UInt8>, words: UnsafeMutablePointer<UInt64>, special: UnsafePointer<UInt64>, count: Int
    ) -> Bool? {
        byteClasses.withUnsafeBufferPointer { classes -> Bool? in
            var hasUnplain = false
            var previous: UInt64 = 0
            for mask in 0..<count {
                let word = words[mask]
                let next = mask + 1 < count ? words[mask + 1] : 0
                let before = word << 1 | previous >> 63
                let after = word >> 1 | next << 63
                previous = word
                if special[mask] & word != 0 { hasUnplain = true }
                // Special bytes outside words with a word byte after them: a few a line.
                var candidates = special[mask] & ~word & after
                var added: UInt64 = 0
                while candidates != 0 {
                    let bit = candidates.trailingZeroBitCount
                    candidates &= candidates &- 1
                    let index = mask &<< 6 | bit
                    let isAfterWord = before >> UInt64(bit) & 1 != 0
                    if isAfterWord, joins(bytes, at: index, classes: classes) {
                        added |= 1 << UInt64(bit)
                    } else if bytes[index] == UInt8(ascii: "$"), WordByte.isASCIIDigit(bytes[index &+ 1]) {
                        if isAfterWord { return nil }
                        added |= 1 << UInt64(bit)
                    }
                }
                if added != 0 {
                    words[mask] = word | added
                    hasUnplain = true
                }
            }
            return hasUnplain
        }
    }

    /// Fills `words` and `special` with the bits of ``textBits(_:)`` for `bytes`, 64 bytes a mask.
    private static func fillMasks(
        _ bytes: UnsafeBufferPointer<UInt8>, words: UnsafeMutablePointer<UInt64>, special: UnsafeMutablePointer<UInt64>
    ) {
        let whole = bytes.count / 64
        for mask in 0..<whole {
            (words[mask], special[mask]) = textBits(bytes.baseAddress! + mask &* 64)
        }
        if whole * 64 < bytes.count {
            // The last bytes, padded with zeros (which end a word).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { tail in
                tail.initialize(repeating: 0)
                _ = tail.initialize(from: bytes[(whole * 64)...])
                (words[whole], special[whole]) = textBits(tail.baseAddress!)
            }
        }
    }

    /// Where a snippet sits among the text's words: the first and last word shown, and the index of
    /// the first match at or after `start`.
    private struct Window {
        var start: Int
        var last: Int
        var firstMatch: Int
    }

    private func snippet(of bytes: UnsafeBufferPointer<UInt8>, words: WordList) -> Snippet {
        guard words.count > 0 else { return Snippet(text: "", highlights: []) }
        let window = bestWindow(words)
        let from = window.start == 0 ? 0 : Int(words.starts[window.start])
        let to = window.last == words.count - 1 ? bytes.count : Int(words.ends[window.last])
        // The highlights as byte ranges of the passage, at most one a word, on the stack: the
        // snippet's one array is made at the end, with its exact size.
        return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: window.last - window.start + 1) { highlights in
            var highlightCount = 0
            let body = String(unsafeUninitializedCapacity: to - from + 8) { output in
                writePassage(
                    of: bytes, from: from, to: to, words: words, window: window, into: output, highlights: highlights,
                    count: &highlightCount)
            }
            return withCutMarks(
                body, before: window.start > 0, after: window.last < words.count - 1, highlights: highlights.prefix(highlightCount))
        }
    }

    /// The window of ``length`` words with the most matches (the earliest wins ties), moved to start
    /// a little before its first match so that the match has context.
    private func bestWindow(_ words: WordList) -> Window {
        let length = Self.length
        let matches = words.matches
        let matchCount = words.matchCount
        // A later window can only have more matches than the one before it when a match comes in at
        // its end, so only the first window and those ending at a match are counted.
        let lastStart = max(0, words.count - length)
        var bestStart = 0
        var bestCount = 0
        while bestCount < matchCount, matches[bestCount] < length { bestCount += 1 }
        var low = 0
        var high = bestCount
        for index in 0..<matchCount {
            let start = Int(matches[index]) - length + 1
            guard start > 0 else { continue }
            guard start <= lastStart else { break }
            while matches[low] < start { low += 1 }
            while high < matchCount, matches[high] < start + length { high += 1 }
            if high - low > bestCount {
                bestCount = high - low
                bestStart = start
            }
        }
        var firstMatch = 0
        while firstMatch < matchCount, matches[firstMatch] < bestStart { firstMatch += 1 }
        if firstMatch < matchCount, Int(matches[firstMatch]) < bestStart + length, Int(matches[firstMatch]) - bestStart > 8 {
            // Later, never before the match: `firstMatch` stays the window's first.
            bestStart = min(Int(matches[firstMatch]) - 3, lastStart)
        }
        return Window(start: bestStart, last: min(words.count, bestStart + length) - 1, firstMatch: firstMatch)
    }

    /// Writes the window's bytes to `output` with each run of white space made one space, and the
    /// matched words' byte ranges to `highlights`; returns the bytes written.
    private func writePassage(
        of bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, words: WordList, window: Window,
        into output: UnsafeMutableBufferPointer<UInt8>, highlights: UnsafeMutableBufferPointer<Range<Int>>, count highlightCount: inout Int
    ) -> Int {
        var written = 0
        var pendingSpace = false
        // The one space owed to the white space before the next byte, if any.
        func paySpace() {
            guard pendingSpace else { return }
            output[written] = 0x20
            written += 1
            pendingSpace = false
        }
        // Bytes between words (spaces, punctuation), with each run of white space made one space.
        func copyGap(_ start: Int, _ end: Int) {
            for position in start..<end {
                let byte = bytes[position]
                if byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x20 {
                    pendingSpace = written > 0
                } else {
                    paySpace()
                    output[written] = byte
                    written += 1
                }
            }
        }
        var position = from
        var nextMatch = window.firstMatch
        for word in window.start...window.last {
            let wordStart = Int(words.starts[word])
            let wordEnd = Int(words.ends[word])
            copyGap(position, wordStart)
            paySpace()
            let lower = written
            let wordLength = wordEnd - wordStart
            UnsafeMutableRawPointer(output.baseAddress! + written).copyMemory(from: bytes.baseAddress! + wordStart, byteCount: wordLength)
            written += wordLength
            let isMatch = nextMatch < words.matchCount && Int(words.matches[nextMatch]) == word
            if isMatch { nextMatch += 1 }
            if isMatch, highlightCount == 0 || highlights[highlightCount - 1].upperBound <= lower {
                highlights.initializeElement(at: highlightCount, to: lower..<written)
                highlightCount += 1
            }
            position = wordEnd
        }
        copyGap(position, to)
        return written
    }

    /// The passage between its "…" marks, with its highlights moved past the leading one. The passage
    /// is made alone first: a string of ASCII bytes is checked eight bytes at a time, where the marks
    /// would make it checked byte by byte.
    private func withCutMarks(_ body: String, before: Bool, after: Bool, highlights: UnsafeMutableBufferPointer<Range<Int>>.SubSequence)
        -> Snippet
    {
        var text = body
        if before || after {
            text = ""
            text.reserveCapacity(body.utf8.count + 8)
            if before { text += "… " }
            text += body
            if after { text += " …" }
        }
        let shift = before ? "… ".utf8.count : 0
        let view = text.utf8
        let ranges = highlights.map { range in
            view.index(
                view.startIndex, offsetBy: range.lowerBound + shift)..<view.index(view.startIndex, offsetBy: range.upperBound + shift)
        }
        return Snippet(text: text, highlights: ranges)
    }
}
