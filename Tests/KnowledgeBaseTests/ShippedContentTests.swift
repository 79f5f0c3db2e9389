import Foundation
import Testing

@testable import KnowledgeBase

/// The knowledge base shipped in `content/` must load and check clean.
@Suite struct ShippedContentTests {
    static let contentFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("content")

    @Test func shippedContentHasNoDiagnostics() throws {
        let knowledgeBase = try ContentLoader(root: Self.contentFolder).load()
        let diagnostics = ContentChecker().diagnostics(for: knowledgeBase)
        #expect(diagnostics.map(\.description) == [])
    }

    @Test func shippedContentMeetsTheCountsOfTheKnowledgeBase() throws {
        let counts = try ContentLoader(root: Self.contentFolder).load().countsByKind
        #expect(counts[.product, default: 0] >= 20)
        #expect(counts[.policy, default: 0] >= 25)
        #expect(counts[.script, default: 0] >= 15)
        #expect(counts[.faq, default: 0] + counts[.procedure, default: 0] >= 15)
    }

    @Test func everyKnowledgeArticleHasTheRequiredFrontMatter() throws {
        let knowledgeBase = try ContentLoader(root: Self.contentFolder).load()
        for article in knowledgeBase.articles where article.kind.isKnowledge {
            #expect(article.frontMatter["id"] != nil, "\(article.path) has no id")
            #expect(article.summary != nil, "\(article.path) has no summary")
            #expect(article.reviewed != nil, "\(article.path) has no reviewed date")
            #expect(!article.tags.isEmpty, "\(article.path) has no tags")
            #expect(article.sections.count >= 3, "\(article.path) has too few sections")
        }
    }
}

/// A loader asked for some kinds only skips the rest and loads the kept ones unchanged.
@Suite struct KindFilteredLoadingTests {
    @Test func onlyTheAskedKindsAreLoadedAndTheyAreUnchanged() throws {
        let all = try ContentLoader(root: ShippedContentTests.contentFolder).load()
        let kinds: Set<ArticleKind> = [.policy, .synonyms]
        let some = try ContentLoader(root: ShippedContentTests.contentFolder, kinds: kinds).load()
        #expect(Set(some.articles.map(\.kind)) == kinds)
        let expected = all.articles.filter { kinds.contains($0.kind) }
        #expect(some.articles.map(\.path) == expected.map(\.path))
        #expect(some.articles.map { $0.sections.map(\.text) } == expected.map { $0.sections.map(\.text) })
        #expect(some.articles.map(\.facts.count) == expected.map(\.facts.count))
    }

    @Test func aTypeLineOverridesTheFolderWhenFiltering() throws {
        let folder = try HostileContentTests.Folder()
        let scenarios = folder.url.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try folder.write("scenarios/really-a-policy.md", "---\nid: kept\ntype: \"policy\"\n---\n# Kept\n\nText.\n")
        try folder.write("scenarios/plain.md", "---\nid: skipped\n---\n# Skipped\n\nText.\n")
        try folder.write("scenarios/commented.md", "---\nid: commented\ntype: policy # a comment\n---\n# Commented\n\nText.\n")
        try folder.write("policy-by-type.md", "---\nid: by-type\ntype: scenario\n---\n# Not a policy\n\nText.\n")
        let loaded = try ContentLoader(root: folder.url, kinds: [.policy]).load()
        #expect(Set(loaded.articles.map(\.id)) == ["kept", "commented"])
    }
}
