import Foundation
import Testing

@testable import KnowledgeBase

/// Content that could crash, hang or exhaust memory yields a diagnostic while the rest still loads.
@Suite struct HostileContentTests {
    /// A fresh folder holding one good article, removed after the test.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-hostile-\(UUID().uuidString)")
        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try write("good.md", "---\nid: good\n---\n# Good\n\nStill loads.\n")
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
        func load() throws -> KnowledgeBase { try ContentLoader(root: url).load() }
    }

    @Test func fileOverFiveMegabytesIsSkipped() throws {
        let folder = try Folder()
        try folder.write("huge.md", "# Huge\n" + String(repeating: "word ", count: 1_100_000))
        let knowledgeBase = try folder.load()
        #expect(knowledgeBase.articles.map(\.id) == ["good"])
        #expect(knowledgeBase.loadDiagnostics.map(\.path) == ["huge.md"])
        #expect(knowledgeBase.loadDiagnostics.first?.message.contains("larger than 5 MB") == true)
    }

    @Test func symbolicLinkLoopIsReportedNotFollowedForever() throws {
        let folder = try Folder()
        let sub = folder.url.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: sub.appendingPathComponent("loop"), withDestinationURL: folder.url)
        let knowledgeBase = try folder.load()
        #expect(knowledgeBase.articles.map(\.id) == ["good"])
        #expect(knowledgeBase.loadDiagnostics.contains { $0.path == "sub/loop" && $0.message.contains("loop") })
    }

    @Test func namedPipeIsSkippedWithoutBlocking() throws {
        let folder = try Folder()
        let pipePath = folder.url.appendingPathComponent("pipe.md").path
        #expect(mkfifo(pipePath, 0o644) == 0)
        let knowledgeBase = try folder.load()
        #expect(knowledgeBase.articles.map(\.id) == ["good"])
        #expect(knowledgeBase.loadDiagnostics.map(\.path) == ["pipe.md"])
    }

    @Test func extremelyLongLineLoads() throws {
        let folder = try Folder()
        try folder.write("long.md", "# Long\n\n" + String(repeating: "refund ", count: 400_000))
        let knowledgeBase = try folder.load()
        let long = try #require(knowledgeBase.article(id: "long"))
        #expect(long.sections.first?.text.count == 400_000 * 7 - 1)
    }

    @Test func deeplyNestedListsAndQuotesLoad() throws {
        let folder = try Folder()
        try folder.write("quotes.md", String(repeating: ">", count: 50_000) + " deep\n")
        try folder.write("lists.md", (0..<2_000).map { String(repeating: "  ", count: $0) + "- level \($0)" }.joined(separator: "\n"))
        let knowledgeBase = try folder.load()
        #expect(knowledgeBase.article(id: "quotes")?.sections.first?.text == "deep")
        #expect(knowledgeBase.article(id: "lists")?.sections.first?.text.contains("level 1999") == true)
    }

    @Test func billionLaughsFrontMatterIsRefusedBeforeExpansion() throws {
        let folder = try Folder()
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (previous, next) in zip("abcdefgh", "bcdefghi") {
            yaml += "\(next): &\(next) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        try folder.write("laughs.md", "---\n" + yaml + "---\n# Laughs\n\ntext\n")
        let knowledgeBase = try folder.load()
        #expect(knowledgeBase.article(id: "laughs") != nil)
        #expect(knowledgeBase.loadDiagnostics.first?.message.contains("anchor or alias") == true)
    }

    @Test func carriageReturnsAndNULBytesAreHandled() throws {
        let folder = try Folder()
        try folder.write("crlf.md", "---\r\nid: crlf\r\n---\r\n# Windows\r\n\r\nLine ends.\r\n")
        let knowledgeBase = try folder.load()
        #expect(knowledgeBase.article(id: "crlf")?.title == "Windows")
        #expect(knowledgeBase.loadDiagnostics.isEmpty)
    }
}
