import Testing

@testable import KnowledgeBase

@Suite struct MarkdownTests {
    @Test func tablesAreParsedWithAlignments() throws {
        let document = Markdown.parse("| Plan | Price |\n|:--|--:|\n| Lite | $15 |\n")
        let table = try #require(document.children.first)
        #expect(table.kind == .table(alignments: [.left, .right]))
        #expect(table.children.count == 2)
        #expect(table.children[0].kind == .tableRow(isHeader: true))
        #expect(table.plainText == "Plan | Price\nLite | $15\n")
    }

    @Test func strikethroughAndAutolinksAreOn() {
        let document = Markdown.parse("~~old~~ see www.example.com")
        var kinds: [String] = []
        document.forEachDescendant { node in
            switch node.kind {
            case .strikethrough: kinds.append("strike")
            case .link(let destination, _): kinds.append("link:\(destination)")
            default: break
            }
        }
        #expect(kinds == ["strike", "link:http://www.example.com"])
    }

    @Test func deepNestingIsFlattenedNotFatal() {
        let deep = String(repeating: "> ", count: 20_000) + "bottom"
        let document = Markdown.parse(deep)
        var depth = 0
        var node = document
        while let child = node.children.first, child.kind == .blockQuote {
            depth += 1
            node = child
        }
        #expect(depth < Markdown.maximumDepth)
        #expect(document.plainText.contains("bottom"))
    }

    @Test func headingAttributesAreStripped() {
        let document = Markdown.parse("## Paying online {#online .x}")
        #expect(document.children.first?.plainText == "Paying online")
    }
}
