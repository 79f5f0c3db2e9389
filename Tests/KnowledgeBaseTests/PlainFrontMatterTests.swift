import Foundation
import Testing

@testable import KnowledgeBase

/// The plain front-matter reader must give exactly what the YAML parser gives, or give up.
@Suite struct PlainFrontMatterTests {
    /// The fields the YAML parser reads from `yaml`.
    static func yamlFields(_ yaml: String) -> [String: FrontMatter.Field] {
        var diagnostics: [Diagnostic] = []
        return FrontMatterParser.yamlFields(yaml: yaml, path: "test.md", lineOffset: 1, diagnostics: &diagnostics)
    }

    /// The front matter of a Markdown file, without its fences.
    static func frontMatter(of text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else { return nil }
        return lines[1..<close].joined(separator: "\n") + "\n"
    }

    @Test func everyShippedFileReadsTheSameAsWithTheYAMLParser() throws {
        let root = ShippedContentTests.contentFolder
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL])
        var readPlainly = 0
        for file in files where file.pathExtension == "md" {
            guard let yaml = Self.frontMatter(of: try String(contentsOf: file, encoding: .utf8)) else { continue }
            guard let plain = PlainFrontMatter.fields(of: yaml, lineOffset: 1) else { continue }
            readPlainly += 1
            #expect(plain == Self.yamlFields(yaml), "\(file.lastPathComponent)")
        }
        #expect(readPlainly >= 90)  // all but the scenarios (nested persona) and a few quoted values
    }

    @Test(arguments: [
        "title: Refunds\nid: refunds\n",
        "tags: [billing, refunds, money back]\nsummary: How refunds work, when and how; it's 30 days' notice.\n",
        "title: C# and F# support\nempty:\nnothing: ~\nlist: []\n",
        "url: https://example.com/a?b=c\ntime: 10:30\nowner: Billing team  \n",
        "title: Café crème\r\nupdated: 2026-01-05\r\n",
        "\ntitle: spaced\n\n  \nid: x\n",
    ])
    func plainTextReadsLikeYAML(yaml: String) throws {
        let plain = try #require(PlainFrontMatter.fields(of: yaml, lineOffset: 1))
        #expect(plain == Self.yamlFields(yaml))
    }

    @Test(arguments: [
        "title: \"quoted\"\n",
        "title: 'single'\n",
        "tags:\n  - a\n  - b\n",
        "title: a # comment\n",
        "# comment\ntitle: a\n",
        "title: a: b\n",
        "title: a\ntitle: b\n",
        "title: &anchor a\nother: *anchor\n",
        "tags: [a, [b]]\n",
        "tags: [a, b,]\n",
        "tags: [a:b]\n",
        "mapping: {a: b}\n",
        "text: |\n  block\n",
        "  indented: a\n",
        "title: - a\n",
        "title:\tvalue\n",
        "key:value\n",
    ])
    func anythingElseIsLeftToTheYAMLParser(yaml: String) {
        #expect(PlainFrontMatter.fields(of: yaml, lineOffset: 1) == nil)
    }
}
