import Testing

@testable import Terminal

@Suite struct TextWrapperTests {
    @Test func wordsFillLinesGreedily() {
        let lines = TextWrapper.wrap([[StyledSpan("the refund is sent within five business days")]], width: 16)
        #expect(lines.map(\.plainText) == ["the refund is", "sent within five", "business days"])
    }

    @Test func wordsLongerThanTheLineAreCut() {
        let lines = TextWrapper.wrap([[StyledSpan("see https://tidewell.example/a/very/long/path")]], width: 12)
        #expect(lines.map(\.plainText) == ["see", "https://tide", "well.example", "/a/very/long", "/path"])
    }

    @Test func stylesSurviveWrappingAndSpacesInsideALinkKeepItsStyle() {
        let spans = [StyledSpan("open "), StyledSpan("bill adjustments", style: .link), StyledSpan(" now")]
        let lines = TextWrapper.wrap([spans], width: 80)
        #expect(lines.count == 1)
        #expect(lines[0].spans == [StyledSpan("open "), StyledSpan("bill adjustments", style: .link), StyledSpan(" now")])
    }

    @Test func wideCharactersCountDouble() {
        let lines = TextWrapper.wrap([[StyledSpan("日本 日本 日本")]], width: 9)
        #expect(lines.map(\.plainText) == ["日本 日本", "日本"])
    }

    @Test func hardBreaksStartNewLines() {
        let lines = TextWrapper.wrap([[StyledSpan("one")], [StyledSpan("two")]], width: 80)
        #expect(lines.map(\.plainText) == ["one", "two"])
    }

    @Test func hangingIndentAlignsFollowingLinesUnderTheText() {
        let lines = TextWrapper.wrap([StyledSpan("alpha beta gamma delta epsilon zeta")], width: 20, hangingAfter: StyledLine(" 1. "))
        #expect(lines.map(\.plainText) == [" 1. alpha beta gamma", "    delta epsilon", "    zeta"])
    }
}
