import KnowledgeBase
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

    static func expectedBits(_ bytes: [UInt8]) -> UInt64 {
        bytes.indices.reduce(0) { $0 | (isWordByte(bytes[$1]) ? 1 << UInt64($1) : 0) }
    }

    @Test func wordByteBitsMarkLettersDigitsAndMultibyteBytes() {
        // Every byte value in every lane, among letters and among spaces.
        for filler in [UInt8(ascii: "k"), UInt8(ascii: " ")] {
            for lane in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[lane] = UInt8(value)
                    let chunk = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                    #expect(SnippetMaker.wordByteBits(chunk) == Self.expectedBits(bytes), "byte \(value) in lane \(lane)")
                }
            }
        }
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let chunk = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            #expect(SnippetMaker.wordByteBits(chunk) == Self.expectedBits(bytes))
        }
    }

    @Test func bothScansGiveTheSameSnippets() {
        var generator = SeededGenerator(seed: 9)
        let pieces = [
            "refund", "Refunds", "REFUNDS", "money", "back", "pre-order", "preorder", "can't", "cannot", "30-day", "$50", "2.5", "café",
            "naïve", "日本", "👍", "x", "a1b2c3d4e5", "abcdefghijklmnopqrstuvwxyz", "order", "orders", ",", ".", "—", "\n", "  ", "e-mail",
            "it's", "1,000", "ÅSA", "window", "windows", "$", "US$5", "-", "'", "2.", ".5", "x-",
        ]
        let forms = ["refund", "refunds", "money", "back", "preorder", "cannot", "30", "$50", "cafe", "order", "window", "abcdefghijklmnopqrstuvwxyz", "email"]
        let wide = SnippetMaker(forms: forms)
        let narrow = SnippetMaker(forms: forms, scansEightBytes: false)
        for _ in 0..<3000 {
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
