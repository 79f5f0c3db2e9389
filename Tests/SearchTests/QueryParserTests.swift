import KnowledgeBase
import Support
import Testing

@testable import Search

@Suite struct QueryParserTests {
    @Test func splitsWordsPhrasesExclusionsAndFilters() {
        let query = QueryParser.parse(
            "refund \"original card\" -goodwill -\"store credit\" type:policy tag:Billing product:vantage-12 late")
        #expect(query.words == "refund late")
        #expect(query.phrases == ["original card"])
        #expect(query.excluded == ["goodwill", "store credit"])
        #expect(query.kinds == [.policy])
        #expect(query.tags == ["billing"])
        #expect(query.products == ["vantage-12"])
        #expect(query.endsInWord)
    }

    @Test func trailingSpaceEndsTheLastWord() {
        #expect(QueryParser.parse("refu").endsInWord)
        #expect(!QueryParser.parse("refu ").endsInWord)
        #expect(!QueryParser.parse("refund \"x\"").endsInWord)
    }

    @Test func quotedFilterValues() {
        #expect(QueryParser.parse("tag:\"late fees\"").tags == ["late fees"])
    }

    @Test func unparsablePartsBecomeWords() {
        #expect(QueryParser.parse("\"unclosed phrase").words == "unclosed phrase")
        #expect(QueryParser.parse("type:unknown refund").words == "type:unknown refund")
        #expect(QueryParser.parse("colour:red").words == "colour:red")
        #expect(QueryParser.parse("- lone dash").words == "- lone dash")
    }

    /// A hurried `type:` value within a typo of one type, and of no other, is read as that type.
    @Test func aMisspeltTypeIsReadAsTheClosestType() {
        let policy = QueryParser.parse("type:polcy refund")
        #expect(policy.kinds == [.policy])
        #expect(policy.words == "refund")
        #expect(policy.correctedFilters.map(\.typed) == ["type:polcy"])
        #expect(policy.correctedFilters.map(\.meant) == ["type:policy"])
        #expect(QueryParser.parse("type:scirpt").kinds == [.script], "a swap of two letters is one edit")
        #expect(QueryParser.parse("type:polices").kinds == [.policy], "plural names count too")
        #expect(QueryParser.parse("type:Procedur").kinds == [.procedure])
        // Exact names are not corrections.
        #expect(QueryParser.parse("type:faq").correctedFilters.isEmpty)
        // Four letters or fewer allow no edit, as for words; nothing close stays words.
        #expect(QueryParser.parse("type:fqa refund").words == "type:fqa refund")
        #expect(QueryParser.parse("type:invoice refund").kinds.isEmpty)
    }

    @Test func plainWordPathAgreesWithTheGeneralParser() {
        var generator = SeededGenerator(seed: 7)
        let pieces = ["refund", "Window", "pre-order", "can't", "-", "--x", "a-", "2-step", "$50", "x", "", " ", "  ", "\t", "\n"]
        for _ in 0..<3_000 {
            let query = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined(separator: [" ", "", "\t"].randomElement(using: &generator)!)
            #expect(QueryParser.parse(query) == QueryParser.parse(query, plainWordPath: false), "query: \(query.debugDescription)")
        }
    }
}
