import Testing

@testable import Search

@Suite struct TermMatchTests {
    let analyzer = TextAnalyzer()

    func token(_ word: String) -> Token { analyzer.tokens(in: word)[0] }

    @Test func sameStemIsExact() {
        #expect(termMatch(token("refunds"), token("refunded")) == .exact)
    }

    @Test func oneEditMatchesWordsOfFiveToEightLetters() {
        #expect(termMatch(token("refnd"), token("refund")) == .typo)
        #expect(termMatch(token("cancle"), token("cancel")) == .typo)  // transposition
        #expect(termMatch(token("parcle"), token("parcel")) == .typo)
        #expect(termMatch(token("pracel"), token("parcel")) == .typo)
    }

    @Test func twoEditsNeedNineLetters() {
        #expect(termMatch(token("warrenty"), token("warranty")) == .typo)
        #expect(termMatch(token("cancelation"), token("cancellation")) == .exact)
        #expect(termMatch(token("verifcaton"), token("verification")) == .typo)
        #expect(termMatch(token("refnud"), token("rebund")) == nil)
    }

    @Test func shortWordsAndCodesNeverMatchByTypo() {
        #expect(termMatch(token("bill"), token("ball")) == nil)
        #expect(termMatch(token("12345"), token("12346")) == nil)
    }

    @Test func editDistanceCountsTranspositionsAsOneEdit() {
        #expect(EditDistance.distance(Array("abcd"), Array("abdc"), limit: 3) == 1)
        #expect(EditDistance.distance(Array("kitten"), Array("sitting"), limit: 5) == 3)
        #expect(EditDistance.distance(Array("kitten"), Array("sitting"), limit: 1) == 2)
    }
}
