import Foundation
import Testing

@testable import KnowledgeBase

/// A few hundred help-centre articles in the shapes other tools export must load without errors.
@Suite struct ForeignExportTests {
    /// Writes `count` articles mixing the shapes seen in exports: no front matter, foreign fields,
    /// HTML blocks, images, heading attributes, Setext headings, CRLF line ends, nested folders with spaces.
    static func writeExport(count: Int, to root: URL) throws {
        let sections = ["Getting Started", "Billing and Payments", "Orders & Delivery", "Account Settings"]
        for index in 0..<count {
            let folder = root.appendingPathComponent("Help Centre/\(sections[index % sections.count])/Topic \(index % 7)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var text = ""
            switch index % 5 {
            case 0: text += "---\narticle_id: \(360_000_000 + index)\nlocale: en-us\nlabel_names: [billing, faq]\n---\n"
            case 1: text += "---\ntitle: \"Article \(index): what to do\"\nauthor: {name: Sam, id: 7}\n---\n"
            default: break
            }
            if index % 3 == 0 {
                text += "Article number \(index)\n===\n\n"
            } else {
                text += "# Article number \(index) {#a\(index)}\n\n"
            }
            text += "<div class=\"callout\"><p>Note: <strong>read</strong> this first.</p></div>\n\n"
            text +=
                "![diagram](../images/\(index).png)\n\nSome body text for article \(index) with a [link](https://example.com/\(index)).\n\n"
            text += "## Steps {.steps}\n\n1. Open the app.\n2. Tap **Settings**.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
            if index % 4 == 0 { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
            try text.write(to: folder.appendingPathComponent("Article \(index).md"), atomically: true, encoding: .utf8)
        }
    }

    @Test func threeHundredForeignArticlesLoadWithoutErrors() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeExport(count: 300, to: root)
        let knowledgeBase = try ContentLoader(root: root).load()
        let diagnostics = ContentChecker().diagnostics(for: knowledgeBase)
        #expect(knowledgeBase.articles.count == 300)
        #expect(!diagnostics.hasErrors, "\(diagnostics.prefix(3))")
        let first = try #require(knowledgeBase.articles.first { $0.path.hasSuffix("Article 0.md") })
        #expect(first.title == "Article number 0")
        #expect(first.sections.map(\.heading) == ["Article number 0", "Steps"])
        let titled = try #require(knowledgeBase.articles.first { $0.path.hasSuffix("Article 1.md") })
        #expect(titled.title == "Article 1: what to do")
        #expect(titled.sections.first?.heading == "Article number 1")
    }
}
