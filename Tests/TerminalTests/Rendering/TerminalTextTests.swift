import Testing

@testable import Terminal

@Suite struct TerminalTextTests {
    @Test func colourAndCursorSequencesAreRemoved() {
        #expect(TerminalText.sanitized("a\u{1B}[31mred\u{1B}[0m b\u{1B}[2J\u{1B}[H") == "ared b")
    }

    @Test func windowTitleAndHyperlinkStringsAreRemovedWithTheirPayload() {
        #expect(TerminalText.sanitized("x\u{1B}]0;pwned\u{07}y") == "xy")
        #expect(TerminalText.sanitized("x\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\y") == "xlinky")
        #expect(TerminalText.sanitized("x\u{1B}Pq#0;2;0;0;0\u{1B}\\y") == "xy")
    }

    @Test func eightBitControlSequencesAreRemoved() {
        #expect(TerminalText.sanitized("a\u{9B}31mb\u{9D}title\u{9C}c") == "abc")
    }

    @Test func controlCharactersGoAndLineBreaksBecomeSpaces() {
        #expect(TerminalText.sanitized("one\ttwo\r\nthree\u{07}\u{08}\u{7F}") == "one two three")
    }

    @Test func bidirectionalOverridesAreRemovedButRightToLeftTextStays() {
        #expect(TerminalText.sanitized("abc\u{202E}fed\u{202C}") == "abcfed")
        #expect(TerminalText.sanitized("שלום مرحبا") == "שלום مرحبا")
    }

    @Test func unfinishedSequenceAtTheEndIsDropped() {
        #expect(TerminalText.sanitized("safe\u{1B}[12;") == "safe")
        #expect(TerminalText.sanitized("safe\u{1B}") == "safe")
    }

    @Test func ordinaryTextIsUnchanged() {
        let text = "Refunds take 5 business days — café 日本 🇯🇵"
        #expect(TerminalText.sanitized(text) == text)
        #expect(TerminalText.isSafe(text))
    }

    @Test func colourCodesCanBeKeptWhileEverythingElseGoes() {
        let styled = "\u{1B}[1mScore\u{1B}[0m \u{1B}[2J\u{1B}]0;t\u{07}ok\u{1B}[31;1mred\u{1B}[0m"
        #expect(TerminalText.sanitizedKeepingColours(styled) == "\u{1B}[1mScore\u{1B}[0m ok\u{1B}[31;1mred\u{1B}[0m")
    }
}
