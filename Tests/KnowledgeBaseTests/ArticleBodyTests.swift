import Foundation
import Testing

@testable import KnowledgeBase

/// Loaded knowledge articles leave their Markdown in their files; other kinds keep it in memory.
@Suite struct ArticleBodyTests {
    static let policy = """
        ---
        id: refunds
        title: Refunds
        custom_field: kept
        ---
        # Refunds

        Refund **within 30 days** of delivery.

        ## Exceptions

        Faulty items: 12 months.

        """

    static let scenario = """
        ---
        id: late-parcel
        type: scenario
        title: Late parcel
        ---
        # Late parcel

        The customer is upset about a late parcel.

        """

    /// A content folder with a policy and a scenario, removed after the test.
    final class Content {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-body-\(UUID().uuidString)")
        init() throws {
            try write("policies/refunds.md", ArticleBodyTests.policy)
            try write("training/late-parcel.md", ArticleBodyTests.scenario)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ path: String, _ text: String) throws {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        func remove(_ path: String) throws { try FileManager.default.removeItem(at: url.appendingPathComponent(path)) }
    }

    @Test func aKnowledgeArticleReadsItsBodyAndFrontMatterFromItsFile() throws {
        let content = try Content()
        let article = try #require(try ContentLoader(root: content.url).load().article(id: "refunds"))
        #expect(article.body == "# Refunds\n\nRefund **within 30 days** of delivery.\n\n## Exceptions\n\nFaulty items: 12 months.\n")
        #expect(article.frontMatter["custom_field"]?.value == .scalar("kept"))
        #expect(article.frontMatter["custom_field"]?.line == 4)

        try content.write("policies/refunds.md", Self.policy.replacingOccurrences(of: "30 days", with: "14 days"))
        #expect(article.body.contains("within 14 days"))
        // What was indexed is what was loaded.
        #expect(article.sections.map(\.text) == ["Refund within 30 days of delivery.", "Faulty items: 12 months."])
    }

    @Test func aKnowledgeArticleWhoseFileHasGoneShowsItsLoadedSections() throws {
        let content = try Content()
        let article = try #require(try ContentLoader(root: content.url).load().article(id: "refunds"))
        try content.remove("policies/refunds.md")
        #expect(article.body == "# Refunds\n\nRefund within 30 days of delivery.\n\n## Exceptions\n\nFaulty items: 12 months.\n")
        #expect(article.frontMatter.fields.isEmpty)
    }

    @Test func aScenarioKeepsItsBodyInMemory() throws {
        let content = try Content()
        let scenario = try #require(try ContentLoader(root: content.url).load().article(id: "late-parcel"))
        try content.remove("training/late-parcel.md")
        #expect(scenario.kind == .scenario)
        #expect(scenario.body == "# Late parcel\n\nThe customer is upset about a late parcel.\n")
        #expect(scenario.frontMatter["title"]?.value == .scalar("Late parcel"))
    }

    @Test func theFingerprintTellsBodiesApart() throws {
        let content = try Content()
        let before = try #require(try ContentLoader(root: content.url).load().article(id: "refunds"))
        let same = try #require(try ContentLoader(root: content.url).load().article(id: "refunds"))
        try content.write("policies/refunds.md", Self.policy.replacingOccurrences(of: "30 days", with: "14 days"))
        let after = try #require(try ContentLoader(root: content.url).load().article(id: "refunds"))
        #expect(before.bodyFingerprint == same.bodyFingerprint)
        #expect(before.bodyFingerprint != after.bodyFingerprint)
    }

    @Test func aBodySetInCodeStaysInMemory() throws {
        let content = try Content()
        var article = try #require(try ContentLoader(root: content.url).load().article(id: "refunds"))
        article.body = "# Refunds\n\nRewritten.\n"
        try content.remove("policies/refunds.md")
        #expect(article.body == "# Refunds\n\nRewritten.\n")
        #expect(article.frontMatter["custom_field"]?.value == .scalar("kept"))
    }
}
