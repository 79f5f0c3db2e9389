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
