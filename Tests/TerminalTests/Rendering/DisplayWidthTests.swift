import Testing

@testable import Terminal

@Suite struct DisplayWidthTests {
    @Test func asciiTakesOneColumnEach() {
        #expect(DisplayWidth.of("refund") == 6)
    }

    @Test func wideEastAsianCharactersTakeTwo() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ＡＢ") == 4)
    }

    @Test func emojiTakeTwoEvenAsSequences() {
        #expect(DisplayWidth.of("📦") == 2)
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of("👩‍👩‍👧") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
    }

    @Test func combiningMarksTakeNone() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("cafe\u{301}") == 4)
    }

    @Test func splitNeverCutsAWideCharacterInHalf() {
        let (head, tail) = DisplayWidth.split("ab日本", fitting: 3)
        #expect(head == "ab")
        #expect(tail == "日本")
    }
}
