import Foundation
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

    /// A document whose parse outgrows the per-thread arena falls through to the system allocator
    /// part-way, and blocks move between the two; every paragraph must still come out whole.
    @Test func documentLargerThanTheParseArenaParsesWhole() {
        let paragraphs = (0..<6_000).map { "Paragraph \($0) has **bold**, `code` and a [link](https://example.com/\($0))." }
        let document = Markdown.parse(paragraphs.joined(separator: "\n\n"))
        #expect(document.children.count == paragraphs.count)
        var links = 0
        document.forEachDescendant { node in if case .link = node.kind { links += 1 } }
        #expect(links == paragraphs.count)
        #expect(document.children.last?.plainText == "Paragraph 5999 has bold, code and a link.")
        // One long paragraph: its line buffer grows by reallocation far past the arena.
        let long = String(repeating: "word ", count: 200_000)
        let parsedWhole = Markdown.parse(long).plainText == long.dropLast() + "\n"
        #expect(parsedWhole, "a 1 MB paragraph lost or garbled text")
    }

    /// Parses running at once on every core give the same trees as one at a time: each thread has
    /// its own arena, and one parse ending no longer switches strikethrough and bare links off for
    /// the others.
    @Test func parsesOnSeveralThreadsAtOnceMatchSerialParses() {
        let documents = (0..<64).map { index in
            "# Title \(index)\n\n"
                + (0..<(index % 7 + 1)).map {
                    "Line \($0) of \(index) with *emphasis*, ~~struck~~ text, www.example.com/\($0) and {{fact \($0)}}.\n\n| a | b |\n|---|---|\n| \(index) | ~~x~~ |"
                }
                .joined(separator: "\n\n")
        }
        let serial = documents.map(Markdown.parse)
        // A race shows only when parses overlap at the wrong moment: run many rounds.
        for _ in 0..<20 {
            let parallel = ParallelResults(count: documents.count)
            DispatchQueue.concurrentPerform(iterations: documents.count) { index in
                parallel.set(index, Markdown.parse(documents[index]))
            }
            let same = parallel.values() == serial
            #expect(same, "a parse on one thread changed a parse on another")
            if !same { break }
        }
    }
}

/// Results written by several threads, each into its own slot.
private final class ParallelResults: @unchecked Sendable {
    private var slots: [MarkdownNode?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ node: MarkdownNode) { lock.withLock { slots[index] = node } }
    func values() -> [MarkdownNode] { lock.withLock { slots.map { $0 ?? MarkdownNode(kind: .other("missing")) } } }
}
