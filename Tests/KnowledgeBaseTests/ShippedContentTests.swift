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
