import Foundation
import Testing

@testable import KnowledgeBase

/// The article parser reads sections, links and facts in one walk of cmark's tree
/// (``MarkdownOutline``). These tests hold it to the same results as reading them from the
/// ``MarkdownNode`` tree, on shipped content, fixtures and generated Markdown built to reach the
/// corners: deep nesting, heading attributes, facts in tables, HTML, line ends.
@Suite struct MarkdownOutlineTests {
    @Test func shippedContentAndFixturesMatchTheTree() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let folders = [here.appendingPathComponent("../../content"), here.appendingPathComponent("Fixtures")]
        var checked = 0
        for folder in folders {
            let files = FileManager.default.enumerator(at: folder.standardizedFileURL, includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                guard url.pathExtension == "md", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                expectSameAsTree(text, label: url.lastPathComponent)
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func generatedMarkdownMatchesTheTree() {
        var generator = SplitMix(seed: 20_261_123)
        for index in 0..<1_000 {
            expectSameAsTree(MarkdownGenerator.document(&generator), label: "generated #\(index)")
        }
    }

    @Test func nestingPastTheFlatteningDepthMatchesTheTree() {
        let depth = Markdown.maximumDepth + 6
        let quotes = String(repeating: "> ", count: depth)
        let items = (0..<depth).map { String(repeating: "  ", count: $0) + "- item \($0) [link \($0)](kb:x\($0))" }.joined(separator: "\n")
        let emphasis = String(repeating: "*a _b ", count: depth) + "core" + String(repeating: "_ c*", count: depth)
        let documents = [
            quotes + "# Deep {#anchor}\n" + quotes + "Text with {{a fact}} and [a link](kb:deep).\n" + quotes + "```\ncode\n```",
            quotes + "| a | b |\n" + quotes + "|---|---|\n" + quotes + "| {{one}} | [two](kb:two) |",
            items,
            "# Title\n\n" + emphasis + " and {{marked}}.\n\n## Emphasis {.x}\n\n" + emphasis,
            quotes + "- " + quotes + "1. " + quotes + "## Heading *em {#id}*\n" + quotes + "***\n" + quotes + "<div>html</div>",
        ]
        for (index, document) in documents.enumerated() { expectSameAsTree(document, label: "deep #\(index)") }
    }

    @Test func knownOutlineOfASmallArticle() {
        let text = """
            # Refunds {#top}

            Refunds take {{5 business days}}. See [the policy](kb:refund-policy).

            ## Fees

            | Plan | Fee |
            |---|---|
            | Lite | {{$15}} |
            """
        let article = ArticleParser.parse(text, path: "policies/refunds.md").article
        #expect(article.title == "Refunds")
        #expect(article.sections.map(\.heading) == ["Refunds", "Fees"])
        #expect(article.sections[0].text == "Refunds take 5 business days. See the policy.")
        #expect(article.sections[1].text == "Plan | Fee\nLite | $15")
        #expect(article.links == [ArticleLink(destination: "kb:refund-policy", text: "the policy", line: 3)])
        #expect(article.facts.map(\.answer) == ["5 business days", "$15"])
        #expect(article.facts.map(\.prompt) == ["Refunds take _____.", "_____"])
        #expect(article.facts.map(\.section) == ["Refunds", "Fees"])
        #expect(article.facts.map(\.line) == [3, 9])
    }

    /// Parses `text` as an article and compares its outline with the tree's.
    private func expectSameAsTree(_ text: String, label: String) {
        let (article, _) = ArticleParser.parse(text, path: "articles/sample.md")
        let reference = TreeOutline(body: article.body, bodyStartLine: article.bodyStartLine)
        #expect(article.sections == reference.sections, "sections of \(label)")
        #expect(article.links == reference.links, "links of \(label)")
        #expect(article.facts == reference.facts, "facts of \(label)")
        if article.frontMatter["title"] == nil, let title = reference.title, !title.isEmpty {
            #expect(article.title == title, "title of \(label)")
        }
    }
}

/// Sections, title, links and facts read from the ``MarkdownNode`` tree: how the article parser
/// read them before it walked cmark's tree directly, kept as the reference.
private struct TreeOutline {
    var sections: [Section] = []
    var title: String?
    var links: [ArticleLink] = []
    var facts: [MarkedFact] = []

    init(body: String, bodyStartLine: Int) {
        let document = Markdown.parse(body)
        let lineOffset = bodyStartLine - 1
        title = document.children.first(where: { $0.kind == .heading(level: 1) })?.plainText.trimmed
        var headingStack: [(level: Int, text: String)] = []
        var current = Section(heading: nil, level: 0, headingPath: [], text: "", startLine: 1 + lineOffset, endLine: 1 + lineOffset)
        var currentHeading: String? = nil
        func flush() {
            current.text = current.text.trimmed
            if current.heading != nil || !current.text.isEmpty { sections.append(current) }
        }
        for block in document.children {
            if case .heading(let level) = block.kind {
                flush()
                let heading = block.plainText.trimmed
                currentHeading = heading
                headingStack.removeAll { $0.level >= level }
                headingStack.append((level, heading))
                current = Section(
                    heading: heading, level: level, headingPath: headingStack.map(\.text), text: "",
                    startLine: block.line + lineOffset, endLine: block.endLine + lineOffset)
            } else {
                let text = block.plainText.trimmed
                if !text.isEmpty { current.text += current.text.isEmpty ? text : "\n" + text }
                current.endLine = max(current.endLine, block.endLine + lineOffset)
            }
            block.forEachDescendant { node in
                switch node.kind {
                case .link(let destination, _):
                    links.append(ArticleLink(destination: destination, text: node.plainText, line: node.line + lineOffset))
                case .paragraph, .tableCell:
                    let pieces = node.children.map(\.plainText)
                    for index in node.children.indices where node.children[index].kind == .fact {
                        var text = ""
                        for (pieceIndex, piece) in pieces.enumerated() { text += pieceIndex == index ? ArticleParser.blank : piece }
                        facts.append(
                            MarkedFact(
                                answer: pieces[index].trimmed, prompt: ArticleParser.sentence(containing: ArticleParser.blank, in: text),
                                section: currentHeading, line: node.children[index].line + lineOffset))
                    }
                default:
                    break
                }
            }
        }
        flush()
    }
}

/// Random Markdown made of the constructs the outline treats specially.
private enum MarkdownGenerator {
    static func document(_ generator: inout SplitMix) -> String {
        var lines: [String] = []
        if generator.next(4) == 0 { lines += ["---", "type: policy", "---"] }
        for _ in 0..<(1 + generator.next(12)) { lines.append(block(&generator, depth: 0)) }
        let separator = ["\n\n", "\n", "\r\n\r\n", "\n\n\n"][generator.next(4)]
        return lines.joined(separator: separator)
    }

    static func block(_ generator: inout SplitMix, depth: Int) -> String {
        let prefix = depth > 0 ? "" : String(repeating: "> ", count: generator.next(10) == 0 ? 60 + generator.next(10) : 0)
        switch generator.next(depth > 2 ? 6 : 11) {
        case 0: return prefix + String(repeating: "#", count: 1 + generator.next(6)) + " " + inline(&generator) + headingSuffix(&generator)
        case 1, 2: return prefix + inline(&generator) + (generator.next(3) == 0 ? "  \n" + inline(&generator) : "\n" + inline(&generator))
        case 3:
            return prefix + "| " + inline(&generator) + " | " + inline(&generator) + " |\n" + prefix + "|:--|--:|\n" + prefix + "| "
                + inline(&generator) + " | " + inline(&generator) + " |"
        case 4: return prefix + "```\n" + prefix + inline(&generator) + "\n" + prefix + "```"
        case 5: return prefix + ["***", "<div class=\"x\">Hello &amp; <b>bye</b></div>", "<!-- note -->", ""][generator.next(4)]
        case 6, 7: return "- " + block(&generator, depth: depth + 1) + "\n- " + block(&generator, depth: depth + 1)
        case 8: return "1. " + inline(&generator) + "\n\n   " + block(&generator, depth: depth + 1)
        case 9: return "> " + block(&generator, depth: depth + 1).replacingOccurrences(of: "\n", with: "\n> ")
        default: return "Setext " + inline(&generator) + "\n" + ["===", "---"][generator.next(2)]
        }
    }

    static func headingSuffix(_ generator: inout SplitMix) -> String {
        ["", " {#anchor}", " {.class}", " {key=value}", " {not attributes}", "{#x}", " {{fact}} {#id}", " {#}", " {{}}"][generator.next(9)]
    }

    static func inline(_ generator: inout SplitMix) -> String {
        let words = [
            "refund", "Café", "the", "order", "5", "days", "{{30 days}}", "{{a}}{{b}}", "{{}}", "{{open", "close}}",
            "**bold {{fact}}**", "*em*", "`code`", "[link](kb:refunds)", "[*em link*](../x.md#y \"title\")",
            "![alt {{x}}](img.png)", "<span>inline</span>", "www.example.com", "~~gone~~", "x.", "Done!", "Why?",
            "&amp;", "\\*", "日本", "e\u{301}",
        ]
        return (0..<(1 + generator.next(8))).map { _ in words[generator.next(words.count)] }.joined(
            separator: [" ", " ", "\t", ""][generator.next(4)])
    }
}

/// A small seeded generator, so that a failing document can be reproduced.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
