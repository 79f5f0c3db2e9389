import KnowledgeBase

extension SearchIndex {
    /// Builds the hit for an article: its matched word forms and a snippet of its best section.
    func hit(article index: Int32, doc: Int32, score: Float, plan: QueryPlan, today: ContentDate, isPromoted: Bool) -> SearchHit {
        let article = articles[Int(index)]
        var forms: Set<String> = []
        var seen: Set<Int32> = []
        for clause in plan.clauses {
            for alternative in clause.alternatives {
                for stem in alternative.stems where seen.insert(stem).inserted && self.article(index, contains: stem) {
                    for word in dictionary.words(ofStem: stem).prefix(64) { forms.insert(dictionary.words[Int(word)]) }
                }
            }
        }
        let sectionIndex = Int(docSection[Int(doc)])
        let section = article.sections[sectionIndex]
        var snippet = SnippetMaker.snippet(of: section.text, forms: forms)
        if snippet.text.isEmpty {
            snippet = SnippetMaker.snippet(of: article.summary ?? section.heading ?? article.title, forms: forms)
        }
        return SearchHit(
            article: article, sectionIndex: sectionIndex, score: Double(score), snippet: snippet, isStale: article.isStale(on: today),
            isPromoted: isPromoted, matchedForms: forms)
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

/// Picks the best passage of a text for a hit and marks the matched words.
enum SnippetMaker {
    /// The window, in words.
    static let length = 30

    /// About ``length`` words of `text` around the densest run of words in `forms`, on one line, with
    /// "…" where it was cut.
    static func snippet(of text: String, forms: Set<String>) -> Snippet {
        // Words: (start, end, matched). Plain ASCII words are tested on their bytes (a word is
        // turned into a string only when its first letter and length fit a form); words with
        // hyphens, apostrophes, signs or other scripts go through the full tokenizer.
        let estimate = text.utf8.count / 5 + 1
        var starts: [Int] = []
        var ends: [Int] = []
        var matched: [Bool] = []
        starts.reserveCapacity(estimate)
        ends.reserveCapacity(estimate)
        matched.reserveCapacity(estimate)
        // For each first byte, the lengths of the forms starting with it, as bits.
        var lengthsByFirst = [UInt64](repeating: 0, count: 256)
        for form in forms {
            guard let first = form.utf8.first else { continue }
            lengthsByFirst[Int(first)] |= 1 << UInt64(min(63, form.utf8.count))
        }
        var source = text
        source.withUTF8 { bytes in
            @inline(__always) func isAlphanumeric(_ byte: UInt8) -> Bool {
                (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80
            }
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                let isDollar = byte == 0x24 && index + 1 < count && bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39
                guard isAlphanumeric(byte) || isDollar else {
                    index += 1
                    continue
                }
                let start = index
                var isPlain = !isDollar && byte < 0x80
                index += 1
                while index < count {
                    let next = bytes[index]
                    if isAlphanumeric(next) {
                        if next >= 0x80 { isPlain = false }
                        index += 1
                    } else if (next == 0x2D || next == 0x27 || next == 0x2E || next == 0x2C), index + 1 < count, isAlphanumeric(bytes[index + 1]),
                        next != 0x2E || (bytes[index - 1] >= 0x30 && bytes[index - 1] <= 0x39)
                    {
                        isPlain = false
                        index += 1
                    } else {
                        break
                    }
                }
                var isMatch = false
                let length = index - start
                if isPlain {
                    let first = bytes[start] >= 0x41 && bytes[start] <= 0x5A ? bytes[start] + 32 : bytes[start]
                    let last = bytes[index - 1] | 0x20
                    let mayMatch = lengthsByFirst[Int(first)] & (1 << UInt64(min(63, length))) != 0
                    let maySpell = length >= 2 && length <= 9 && Tokenizer.specialKeys[(Int(first) &* 64 &+ Int(last) &* 8 &+ length) & 4095]
                    if mayMatch || maySpell {
                        let word = String(unsafeUninitializedCapacity: length) { buffer in
                            for offset in 0..<length {
                                let value = bytes[start + offset]
                                buffer[offset] = value >= 0x41 && value <= 0x5A ? value + 32 : value
                            }
                            return length
                        }
                        if mayMatch, forms.contains(word) {
                            isMatch = true
                        } else if maySpell {
                            isMatch = forms.contains(Tokenizer.normalize(word))
                        }
                    }
                } else {
                    let piece = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    Tokenizer.scan(piece) { token in if forms.contains(token.text) { isMatch = true } }
                }
                starts.append(start)
                ends.append(index)
                matched.append(isMatch)
            }
        }
        guard !starts.isEmpty else { return Snippet(text: "", highlights: []) }
        // The window with the most matches; earliest wins ties.
        var bestStart = 0
        var bestCount = -1
        var count = 0
        for index in 0..<matched.count {
            if matched[index] { count += 1 }
            if index >= length, matched[index - length] { count -= 1 }
            let start = max(0, index - length + 1)
            if index >= min(length, matched.count) - 1, count > bestCount {
                bestCount = count
                bestStart = start
            }
        }
        // Start a little before the first match so it has context.
        if let first = (bestStart..<min(matched.count, bestStart + length)).first(where: { matched[$0] }), first - bestStart > 8 {
            bestStart = min(first - 3, max(0, matched.count - length))
        }
        let last = min(matched.count, bestStart + length) - 1
        let utf8 = Array(text.utf8)
        let from = bestStart == 0 ? 0 : starts[bestStart]
        let to = last == matched.count - 1 ? utf8.count : ends[last]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(to - from + 8)
        let prefix = bestStart > 0 ? Array("… ".utf8) : []
        bytes += prefix
        var offsets: [Int] = []  // byte offset in `bytes` of each original byte from `from`
        offsets.reserveCapacity(to - from + 1)
        var previousWasSpace = false
        for byte in utf8[from..<to] {
            offsets.append(bytes.count)
            let isSpace = byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x20
            if isSpace {
                if !previousWasSpace { bytes.append(0x20) }
            } else {
                bytes.append(byte)
            }
            previousWasSpace = isSpace
        }
        offsets.append(bytes.count)
        while bytes.last == 0x20 { bytes.removeLast() }
        while bytes.count > prefix.count, bytes[prefix.count] == 0x20 { bytes.remove(at: prefix.count) }
        if last < matched.count - 1 { bytes += Array(" …".utf8) }
        let snippetText = String(decoding: bytes, as: UTF8.self)
        var highlights: [Range<String.Index>] = []
        let view = snippetText.utf8
        for index in bestStart...last where matched[index] {
            let lower = offsets[starts[index] - from]
            let upper = offsets[ends[index] - from]
            guard lower < upper, upper <= bytes.count else { continue }
            let lowerIndex = view.index(view.startIndex, offsetBy: lower)
            let upperIndex = view.index(view.startIndex, offsetBy: upper)
            if let previous = highlights.last, previous.upperBound > lowerIndex { continue }
            highlights.append(lowerIndex..<upperIndex)
        }
        return Snippet(text: snippetText, highlights: highlights)
    }
}
