import KnowledgeBase
import Support
import Testing

@testable import Search

@Suite struct TextAnalyzerTests {
    let analyzer = TextAnalyzer()

    func texts(_ text: String) -> [String] { analyzer.tokens(in: text).map(\.text) }

    @Test func foldsCaseAndDiacritics() {
        #expect(texts("Café RÉSUMÉ naïve Straße") == ["cafe", "resume", "naive", "strasse"])
    }

    @Test func rangesPointIntoTheOriginalText() {
        let text = "Le Café, déjà vu!"
        let tokens = analyzer.tokens(in: text)
        #expect(tokens.map { String(text[$0.range]) } == ["Le", "Café", "déjà", "vu"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3])
    }

    @Test func stemsWithSnowballEnglish() {
        let tokens = analyzer.tokens(in: "Refunds cancelled cancellation deliveries")
        #expect(tokens.map(\.stem) == ["refund", "cancel", "cancel", "deliveri"])
        #expect(analyzer.stem("running") == "run")
    }

    @Test func contractionsBecomeOneWord() {
        #expect(texts("can't cant cannot") == ["cannot", "cannot", "cannot"])
        #expect(texts("won't wont") == ["wont", "wont"])
        #expect(texts("customer’s doesn't I'm") == ["customer", "doesnt", "i"])
    }

    @Test func hyphenatedCompoundsYieldPartsAndJoinedForm() {
        let tokens = analyzer.tokens(in: "a pre-order now")
        #expect(tokens.map(\.text) == ["a", "pre", "preorder", "order", "now"])
        #expect(tokens.map(\.position) == [0, 1, 1, 2, 3])
        #expect(texts("2-step") == ["2", "2step", "step"])
    }

    @Test func numberWordsBecomeDigits() {
        #expect(texts("thirty days, twenty-one items, Fourteen") == ["30", "days", "21", "items", "14"])
    }

    @Test func codesAndAmountsStayWhole() {
        let tokens = analyzer.tokens(in: "Order TW-1048823 costs $1,099.50 within a 30-day window, VOS 4.2.1")
        #expect(
            tokens.map(\.text) == [
                "order", "tw", "tw1048823", "1048823", "costs", "1099.50", "$1099.50", "within", "a", "30", "30day", "day",
                "window", "vos", "4.2.1",
            ])
        let amount = tokens.first { $0.text == "$1099.50" }!
        #expect(amount.stem == "$1099.50")
        #expect(tokens.first { $0.text == "tw1048823" }!.stem == "tw1048823")
    }

    @Test func stopWordsAreKeptButFlagged() {
        let tokens = analyzer.tokens(in: "the refund of a phone")
        #expect(tokens.map(\.text) == ["the", "refund", "of", "a", "phone"])
        #expect(tokens.map(\.isStopWord) == [true, false, true, true, false])
    }

    @Test func punctuationAndSymbolsSeparateWords() {
        #expect(texts("refund/return (and) 24/7 — e.g. Wi-Fi") == ["refund", "return", "and", "24", "7", "e", "g", "wi", "wifi", "fi"])
    }

    /// Every token as text, range, position and variant flag.
    func scanned(_ text: String, plainWordPath: Bool) -> [String] {
        var tokens: [String] = []
        Tokenizer.scanFolded(text, plainWordPath: plainWordPath) { word, start, end, position, isVariant in
            tokens.append("\(String(decoding: word, as: UTF8.self))@\(start)-\(end)#\(position)\(isVariant ? "v" : "")")
        }
        return tokens
    }

    @Test func plainWordFastPathAgreesWithTheGeneralPath() {
        // Texts built from the characters where the two paths could part: apostrophes, hyphens, points
        // and commas between digits, amounts, number words, accents, and words longer than the buffer.
        let pieces = [
            "refund", "Refund", "REFUNDS", "can't", "won't", "it's", "customer’s", "pre-order", "2-step", "twenty-one",
            "30-day", "$50", "1,000", "3.5", "v2", "ok", "OK", "thirty", "one", "cafe", "café", "Straße", "e-mail", "a",
            "x'", "'y", "9.", ",9", "-", "--", "'", ".", ",", " ", "  ", "\n", "(", ")", "!", "?", ":", "/", "9", "42",
            String(repeating: "a", count: 63), String(repeating: "b", count: 64), String(repeating: "c", count: 65),
            String(repeating: "7", count: 70), "ünïcode", "日本", "naïve", "",
        ]
        var generator = SeededGenerator(seed: 42)
        var checked = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                text += pieces.randomElement(using: &generator)!
                if Bool.random(using: &generator) { text += [" ", "", ".", ",", "-", "'"].randomElement(using: &generator)! }
            }
            let fast = scanned(text, plainWordPath: true)
            let general = scanned(text, plainWordPath: false)
            #expect(fast == general, "\(text.debugDescription)")
            if fast != general { break }
            checked += fast.count
        }
        #expect(checked > 5_000)
    }

    @Test func emptyAndSymbolOnlyTextHasNoTokens() {
        #expect(texts("").isEmpty)
        #expect(texts(" -- !! ... ").isEmpty)
    }
}
