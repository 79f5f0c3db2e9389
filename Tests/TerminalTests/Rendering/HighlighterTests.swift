import Testing

@testable import Terminal

@Suite struct HighlighterTests {
    static func highlighted(_ text: String, _ forms: [String]) -> [String] {
        Highlighter(forms: forms).ranges(in: text).map { String(text[$0]) }
    }

    @Test func matchesWholeWordsIgnoringCaseAndDiacritics() {
        #expect(Self.highlighted("Café refunds: the CAFE refund", ["cafe", "refund"]) == ["Café", "CAFE", "refund"])
    }

    @Test func matchesPhrasesAsOneRange() {
        #expect(Self.highlighted("They want their money back today", ["money back"]) == ["money back"])
    }

    @Test func possessivesMatchTheirWord() {
        #expect(Self.highlighted("the customer's bank", ["customer"]) == ["customer's"])
    }

    @Test func emptyHighlighterMatchesNothing() {
        #expect(Highlighter.none.ranges(in: "refund").isEmpty)
    }
}
