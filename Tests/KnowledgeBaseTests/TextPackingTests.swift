import Foundation
import Support
import Testing

@testable import KnowledgeBase

/// Section text kept compressed in memory reads back exactly as loaded.
@Suite struct TextPackingTests {
    static let contentFolder = ShippedContentTests.contentFolder

    @Test func packedSectionsReadBackAsTheirPlainText() throws {
        let plain = try ContentLoader(root: Self.contentFolder, textPacking: .never).load()
        let packed = try ContentLoader(root: Self.contentFolder, textPacking: .always).load()
        #expect(plain.articles.count == packed.articles.count)
        var packedSections = 0
        for (left, right) in zip(plain.articles, packed.articles) {
            #expect(left.path == right.path)
            #expect(left.sections.count == right.sections.count)
            for (a, b) in zip(left.sections, right.sections) {
                #expect(!a.isTextPacked)
                #expect(b.text == a.text, "\(right.path): \(b.heading ?? "(top)")")
                #expect(b.textUTF8Count == a.text.utf8.count)
                #expect(b.withTextUTF8 { Array($0) } == Array(a.text.utf8))
                #expect(a == b)
                if case .packed(let store, _, _) = b.storedText {
                    // The shipped content is enough to train a dictionary on.
                    #expect(store.dictionary.isTrained)
                    packedSections += 1
                    #expect(right.kind.isKnowledge, "\(right.path) is not knowledge, so stays plain")
                }
            }
        }
        // Every knowledge section with text is packed; scenarios, quizzes and synonym lists are not.
        let knowledgeSections = plain.articles.filter(\.kind.isKnowledge).flatMap(\.sections).filter { !$0.text.isEmpty }.count
        #expect(packedSections == knowledgeSections)
        #expect(packedSections > 300)
    }

    @Test func theShippedContentStaysPlainByDefault() throws {
        let loaded = try ContentLoader(root: Self.contentFolder).load()
        #expect(loaded.articles.flatMap(\.sections).allSatisfy { !$0.isTextPacked })
        #expect(!TextPacking.automatic.applies(toFolderOf: TextPacking.automaticThreshold))
        #expect(TextPacking.automatic.applies(toFolderOf: TextPacking.automaticThreshold + 1))
    }

    @Test func aFolderTooSmallToTrainADictionaryStillPacks() throws {
        let folder = try HostileContentTests.Folder()
        try folder.write("one.md", "---\ntitle: One\ntype: policy\n---\n\n# One\n\nRefunds take five days, and café crème costs €3.\n")
        try folder.write("two.md", "---\ntitle: Two\ntype: policy\n---\n\nNo heading here.\n\n## Later\n\nText under a heading.\n")
        let packed = try ContentLoader(root: folder.url, textPacking: .always).load()
        let sections = packed.articles.flatMap(\.sections).filter(\.isTextPacked)
        for case .packed(let store, _, _) in sections.map(\.storedText) { #expect(!store.dictionary.isTrained) }
        let texts = sections.map(\.text)
        #expect(
            texts.sorted() == [
                "No heading here.", "Refunds take five days, and café crème costs €3.", "Still loads.", "Text under a heading.",
            ])
    }

    @Test func settingTheTextOfAPackedSectionKeepsItPlain() throws {
        var article = try #require(
            try ContentLoader(root: Self.contentFolder, textPacking: .always).load().articles.first { $0.kind.isKnowledge })
        #expect(article.sections[0].isTextPacked || article.sections[1].isTextPacked)
        article.sections[1].text = "Rewritten."
        #expect(!article.sections[1].isTextPacked)
        #expect(article.sections[1].text == "Rewritten.")
    }

    @Test func aFrameThatDoesNotDecompressReadsAsNoText() throws {
        let dictionary = SectionTextPacker(samples: []).dictionary
        let store = Array("not a Zstandard frame".utf8).withUnsafeBufferPointer {
            PackedTextStore.make(frame: $0, textCount: 40, dictionary: dictionary)
        }
        var article = ArticleParser.parse("---\ntitle: A\ntype: policy\n---\n\nx\n", path: "a.md").article
        article.sections = [Section(heading: nil, level: 0, headingPath: [], text: "", startLine: 1, endLine: 1)]
        article.sections[0].storedText = .packed(store, offset: 10, length: 20)
        #expect(article.sections[0].text == "")
        #expect(article.sections[0].withTextUTF8 { $0.count } == 0)
        var lengths: [Int] = []
        article.forEachSectionTextUTF8 { _, text in lengths.append(text.count) }
        #expect(lengths == [0])
    }

    @Test func eachSectionTextOfAPackedArticleIsItsOwn() throws {
        let packed = try ContentLoader(root: Self.contentFolder, textPacking: .always).load()
        var compared = 0
        for article in packed.articles where article.sections.contains(where: \.isTextPacked) {
            var texts: [Int: String] = [:]
            article.forEachSectionTextUTF8 { index, text in texts[index] = String(decoding: text, as: UTF8.self) }
            #expect(texts.count == article.sections.count)
            for (index, section) in article.sections.enumerated() { #expect(texts[index] == section.text, "\(article.path) #\(index)") }
            compared += article.sections.count
        }
        #expect(compared > 300)
    }

    @Test func generatedTextsOfEveryKindRoundTrip() {
        var generator = SeededGenerator(seed: 42)
        let pieces = [
            "refund", "Café", "naïve", "€50", "日本語", "👩‍💻", "e\u{301}", "\t", "  ", "line\nbreak", "a-b", "x", "\u{0}", "30-day", "🇳🇿",
        ]
        func text() -> String {
            (0..<Int(generator.next() % 200)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined(separator: " ")
        }
        let articles = (0..<60).map { number -> Article in
            var article = ArticleParser.parse("---\ntitle: A\(number)\ntype: policy\n---\n\nx\n", path: "a\(number).md").article
            article.sections = (0..<Int(1 + generator.next() % 4)).map { index in
                Section(
                    heading: index == 0 ? nil : "H\(index)", level: index == 0 ? 0 : 2, headingPath: index == 0 ? [] : ["H\(index)"],
                    text: text(), startLine: 1, endLine: 1)
            }
            return article
        }
        for samples in [SectionTextPacker.samples(articles), []] {
            let packer = SectionTextPacker(samples: samples)
            for var article in articles {
                let plain = article.sections.map(\.text)
                packer.pack(&article)
                #expect(article.sections.map(\.text) == plain)
                #expect(article.sections.map(\.textUTF8Count) == plain.map(\.utf8.count))
                #expect(article.sections.allSatisfy { $0.isTextPacked || $0.text.isEmpty })
            }
        }
    }
}
