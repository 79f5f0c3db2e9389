import Foundation
import KnowledgeBase

/// Builds in-memory knowledge bases from Markdown text, as the loader would from files.
enum QuizFixtures {
    static func article(_ text: String, path: String) -> Article {
        ArticleParser.parse(text, path: path).article
    }

    static func knowledgeBase(_ files: [String: String]) -> KnowledgeBase {
        let articles = files.sorted { $0.key < $1.key }.map { article($0.value, path: $0.key) }
        return KnowledgeBase(root: URL(fileURLWithPath: "/nonexistent"), articles: articles)
    }

    static let refundsPolicy = """
        ---
        id: refunds
        title: Refunds
        type: policy
        tags: [refunds]
        updated: 2026-09-01
        reviewed: 2026-09-02
        ---

        # Refunds

        ## Timing

        Refunds are processed within {{5 business days}} of the return arriving. A customer may return an item within {{30 days}} of delivery.
        """

}
