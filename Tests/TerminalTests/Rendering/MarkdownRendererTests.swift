import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Terminal

/// Golden outputs: each `Fixtures/Rendering/NAME.md` rendered in a theme and width must equal
/// `NAME.THEME-WIDTH.txt` (escape characters written as `\e`). Set `FRONTLINE_UPDATE_GOLDEN=1` to
/// rewrite the expected files after an intended change, then review the diff.
@Suite struct MarkdownRendererTests {
    static let titles: @Sendable (String) -> String? = { id in
        ["refunds": "Refunds", "bill-adjustments-and-credits": "Bill adjustments and credits"][id]
    }

    static func golden(_ name: String, theme: Theme, width: Int, highlight: [String] = []) throws -> (actual: String, expected: String?) {
        let source = try String(contentsOf: FixtureFolder.url("Rendering/\(name).md"), encoding: .utf8)
        let renderer = MarkdownRenderer(width: width, theme: theme, highlighter: Highlighter(forms: highlight), articleTitle: titles)
        let actual = theme.encode(renderer.render(markdown: source).lines).replacingOccurrences(of: "\u{1B}", with: "\\e")
        let suffix = highlight.isEmpty ? "" : "-highlighted"
        let expectedURL = FixtureFolder.url("Rendering/\(name).\(theme.usesColour ? "colour" : "plain")-\(width)\(suffix).txt")
        if ProcessInfo.processInfo.environment["FRONTLINE_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        return (actual, try? String(contentsOf: expectedURL, encoding: .utf8))
    }

    @Test(arguments: [80, 40])
    func plainRenderingMatchesGolden(width: Int) throws {
        let result = try Self.golden("all-elements", theme: .plain, width: width)
        #expect(result.actual == result.expected)
    }

    @Test func colourRenderingWithHighlightsMatchesGolden() throws {
        let result = try Self.golden("all-elements", theme: .colour, width: 72, highlight: ["roaming", "day pass"])
        #expect(result.actual == result.expected)
    }

    @Test(arguments: [30, 40, 60, 80, 120])
    func noLineIsWiderThanTheTerminal(width: Int) throws {
        let source = try String(contentsOf: FixtureFolder.url("Rendering/all-elements.md"), encoding: .utf8)
        let lines = MarkdownRenderer(width: width, theme: .colour).render(markdown: source).lines
        // Code blocks are cut, tables shrink, words longer than the line are broken.
        for line in lines { #expect(line.width <= width, "\(line.plainText)") }
    }

    @Test func escapeSequencesInContentNeverReachTheOutput() throws {
        let source = try String(contentsOf: FixtureFolder.url("Rendering/all-elements.md"), encoding: .utf8)
        let text = Theme.plain.encode(MarkdownRenderer(width: 80, theme: .plain).render(markdown: source).lines)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("Raw escape in text: red and title set done."))
    }

    @Test func tableColumnsAlignLeftRightAndCentre() {
        let table = "| Name | Price | Note |\n|:--|--:|:-:|\n| Lite | $15 | a |\n| Unlimited Plus | $105 | abc |\n"
        let lines = MarkdownRenderer(width: 80, theme: .plain).render(markdown: table).lines.map(\.plainText)
        #expect(
            lines == [
                "+----------------+-------+------+",
                "| Name           | Price | Note |",
                "+----------------+-------+------+",
                "| Lite           |   $15 |  a   |",
                "| Unlimited Plus |  $105 | abc  |",
                "+----------------+-------+------+",
            ])
    }

    @Test func wideTableCellsWrapInsideTheirColumns() {
        let table =
            "| Situation | Refund |\n|---|---|\n| Change-of-mind return within 30 days of delivery | Item price minus the restocking fee |\n"
        let lines = MarkdownRenderer(width: 40, theme: .plain).render(markdown: table).lines.map(\.plainText)
        #expect(lines.allSatisfy { $0.count == lines[0].count })
        #expect(lines.count > 5)
        #expect(lines.contains { $0.hasPrefix("| Change-of-mind") })
    }

    @Test func tableTooNarrowForColumnsIsStacked() {
        let table = "| A | B | C | D | E | F |\n|---|---|---|---|---|---|\n| one | two | three | four | five | six |\n"
        let lines = MarkdownRenderer(width: 20, theme: .plain).render(markdown: table).lines.map(\.plainText)
        #expect(lines == ["A: one", "B: two", "C: three", "D: four", "E: five", "F: six"])
    }

    @Test func kbLinksShowTheIdToOpenUnlessTheTextIsOneOpenTakes() {
        let renderer = MarkdownRenderer(width: 100, theme: .plain, articleTitle: Self.titles)
        let text = renderer.render(markdown: "See [money back](kb:refunds), [Refunds](kb:refunds), [refunds](kb:refunds) and [x](kb:gone).")
            .lines[0].plainText
        #expect(text == "See money back (→ refunds), Refunds, refunds and x (→ kb:gone, not found).")
    }

    @Test func markedFactsShowAsPlainEmphasis() {
        let plain = MarkdownRenderer(width: 80, theme: .plain).render(markdown: "Refunds take {{5 business days}}.").lines
        #expect(plain[0].plainText == "Refunds take 5 business days.")
        #expect(plain[0].spans.contains { $0.text == "5 business days" && $0.style.contains(.emphasis) })
    }

    @Test func headingAnchorsPointAtRenderedLines() {
        let rendered = MarkdownRenderer(width: 80, theme: .plain).render(markdown: "# Title\n\nIntro.\n\n## Second\n\nText.\n")
        #expect(rendered.anchors.map(\.sourceLine) == [1, 5])
        let second = rendered.outputLine(forSourceLine: 5)
        #expect(second.map { rendered.lines[$0].plainText } == "Second")
    }

    @Test func highlightedWordsAreMarkedInColour() {
        let renderer = MarkdownRenderer(width: 80, theme: .colour, highlighter: Highlighter(forms: ["refund"]))
        let line = renderer.render(markdown: "A Refund, refunds and refund.").lines[0]
        #expect(line.spans.filter { $0.style.contains(.highlight) }.map(\.text) == ["Refund", "refund"])
    }
}
