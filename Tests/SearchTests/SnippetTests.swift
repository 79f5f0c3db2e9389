import KnowledgeBase
import Support
import Testing

@testable import Search

@Suite struct SnippetTests {
    let longText = (1...80).map { "word\($0)" }.joined(separator: " ")

    @Test func shortTextIsKeptWhole() {
        let snippet = SnippetMaker.snippet(of: "Refunds go back\nto the card.", forms: ["refunds"])
        #expect(snippet.text == "Refunds go back to the card.")
        #expect(snippet.marked(open: "[", close: "]") == "[Refunds] go back to the card.")
    }

    @Test func longTextIsCutAroundTheMatchesWithEllipses() {
        let snippet = SnippetMaker.snippet(of: longText, forms: ["word50", "word52"])
        #expect(snippet.text.hasPrefix("… "))
        #expect(snippet.text.hasSuffix(" …"))
        let words = snippet.text.split(separator: " ").filter { $0 != "…" }
        #expect(words.count == SnippetMaker.length)
        #expect(snippet.highlights.map { String(snippet.text[$0]) } == ["word50", "word52"])
    }

    @Test func passageAtTheStartHasNoLeadingEllipsis() {
        let snippet = SnippetMaker.snippet(of: longText, forms: ["word2"])
        #expect(snippet.text.hasPrefix("word1 word2"))
        #expect(snippet.text.hasSuffix(" …"))
    }

    @Test func highlightsCoverCompoundsAndAmounts() {
        let snippet = SnippetMaker.snippet(of: "A pre-order costs $50 today.", forms: ["preorder", "$50"])
        #expect(snippet.marked(open: "<", close: ">") == "A <pre-order> costs <$50> today.")
    }

    /// The passage is the earliest window of ``SnippetMaker/length`` words with the most matches,
    /// moved on to start three words before its first match when that is more than eight words in:
    /// computed here window by window, against the snippet's shortcut over matches only.
    @Test func thePassageIsTheEarliestDensestWindow() {
        var generator = SeededGenerator(seed: 21)
        let length = SnippetMaker.length
        let maker = SnippetMaker(forms: ["hit"])
        for _ in 0..<2000 {
            let wordCount = 1 + Int(generator.next() % 150)
            let density = 1 + generator.next() % 12
            let words = (0..<wordCount).map { index in generator.next() % density == 0 ? "hit" : "w\(index)" }
            var bestStart = 0
            var bestCount = -1
            for start in 0...max(0, wordCount - length) {
                let count = words[start..<min(wordCount, start + length)].filter { $0 == "hit" }.count
                if count > bestCount { (bestStart, bestCount) = (start, count) }
            }
            if let first = (bestStart..<min(wordCount, bestStart + length)).first(where: { words[$0] == "hit" }), first - bestStart > 8 {
                bestStart = min(first - 3, max(0, wordCount - length))
            }
            let last = min(wordCount, bestStart + length) - 1
            let expected = (bestStart > 0 ? "… " : "") + words[bestStart...last].joined(separator: " ") + (last < wordCount - 1 ? " …" : "")
            let snippet = maker.snippet(of: words.joined(separator: " "))
            #expect(snippet.text == expected)
            #expect(snippet.highlights.count == words[bestStart...last].filter { $0 == "hit" }.count)
        }
    }

    @Test func searchHitsCarrySnippetsOfTheirSection() {
        let hit = TestArticles.shop.search("carrier trace").hits[0]
        #expect(hit.snippet.marked(open: "[", close: "]").contains("[carrier] [trace]"))
    }
}

/// The snippet scanner's bit-mask path agrees with the byte-at-a-time one.
@Suite struct SnippetWideScanTests {
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isWordByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte >= 0x80 }

    static func isSpecial(_ byte: UInt8) -> Bool { byte >= 0x80 || "-',.$".utf8.contains(byte) }

    static func expectedBits(_ bytes: [UInt8], _ test: (UInt8) -> Bool) -> UInt64 {
        bytes.indices.reduce(0) { $0 | (test(bytes[$1]) ? 1 << UInt64($1) : 0) }
    }

    static func expectBits(_ bytes: [UInt8], _ comment: Comment? = nil) {
        let bits = bytes.withUnsafeBufferPointer { SnippetMaker.textBits($0.baseAddress!) }
        #expect(bits.word == expectedBits(bytes, isWordByte), comment)
        #expect(bits.special == expectedBits(bytes, isSpecial), comment)
        // The vector classifier and the one Swift definition agree.
        #expect(bits.word == expectedBits(bytes, WordByte.isWordByte), comment)
        #expect(bits.special == expectedBits(bytes, WordByte.isSpecial), comment)
    }

    @Test func textBitsMarkWordBytesAndSpecialBytes() {
        // Every byte value at every position, among letters and among spaces.
        for filler in [UInt8(ascii: "k"), UInt8(ascii: " ")] {
            for position in 0..<64 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: 64)
                    bytes[position] = UInt8(value)
                    Self.expectBits(bytes, "byte \(value) at \(position)")
                }
            }
        }
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<5_000 {
            Self.expectBits((0..<64).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
    }

    @Test func bothScansGiveTheSameSnippets() {
        var generator = SeededGenerator(seed: 9)
        let pieces = [
            "refund", "Refunds", "REFUNDS", "money", "back", "pre-order", "preorder", "can't", "cannot", "30-day", "$50", "2.5", "café",
            "naïve", "日本", "👍", "x", "a1b2c3d4e5", "abcdefghijklmnopqrstuvwxyz", "order", "orders", ",", ".", "—", "\n", "  ", "e-mail",
            "it's", "1,000", "ÅSA", "window", "windows", "$", "US$5", "-", "'", "2.", ".5", "x-",
        ]
        // With "cannot" and "30", which "can't" and "thirty" are respelt to, every word is tested;
        // without them, only those whose first byte and length fit, and those with special bytes.
        let forms = [
            "refund", "refunds", "money", "back", "preorder", "cannot", "30", "$50", "cafe", "order", "window",
            "abcdefghijklmnopqrstuvwxyz", "email",
        ]
        let makers = [forms, forms.filter { $0 != "cannot" && $0 != "30" }].map {
            (SnippetMaker(forms: $0), SnippetMaker(forms: $0, scansByMask: false))
        }
        for round in 0..<3000 {
            let (wide, narrow) = makers[round % 2]
            let text = (0..<Int(generator.next() % 120)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
                .joined(separator: generator.next() % 4 == 0 ? "" : " ")
            let a = wide.snippet(of: text)
            let b = narrow.snippet(of: text)
            #expect(a.text == b.text, "\(text)")
            #expect(a.marked(open: "[", close: "]") == b.marked(open: "[", close: "]"), "\(text)")
            // White space is one space, never at either end; a short text is kept whole.
            let collapsed = text.split(whereSeparator: { " \n\t\r".contains($0) }).joined(separator: " ")
            if !a.text.isEmpty, !a.text.hasPrefix("… "), !a.text.hasSuffix(" …") { #expect(a.text == collapsed, "\(text)") }
            #expect(!a.text.contains("  ") && !a.text.contains("\n"), "\(text)")
        }
    }
}
