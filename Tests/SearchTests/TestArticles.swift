import Foundation
import KnowledgeBase
import Search

/// Builds small knowledge bases from Markdown written in the tests.
enum TestArticles {
    /// An article file: front matter fields, then the body.
    static func file(id: String, title: String, type: String = "policy", tags: [String] = [], extra: String = "", body: String) -> String {
        """
        ---
        id: \(id)
        title: \(title)
        type: \(type)
        tags: [\(tags.joined(separator: ", "))]
        reviewed: 2026-10-01
        \(extra)
        ---

        # \(title)

        \(body)
        """
    }

    static func knowledgeBase(_ files: [(path: String, text: String)]) -> KnowledgeBase {
        let articles = files.map { ArticleParser.parse($0.text, path: $0.path).article }
        return KnowledgeBase(root: URL(fileURLWithPath: "/content"), articles: articles)
    }

    static func index(_ files: [(path: String, text: String)], synonyms: SynonymTable = .builtIn) -> SearchIndex {
        SearchIndex(knowledgeBase: knowledgeBase(files), analyzer: TextAnalyzer(synonyms: synonyms))
    }

    /// A small shop knowledge base used by several suites.
    static let shop: SearchIndex = index([
        (
            "policies/refunds.md",
            file(
                id: "refunds", title: "Refunds", tags: ["billing"], extra: "promote: [where is my money]",
                body: """
                    Refunds go to the original payment method within 5 business days.

                    ## Store credit

                    Offer store credit only when the customer asks for it.
                    """)
        ),
        (
            "policies/parcels.md",
            file(
                id: "lost-parcels", title: "Lost parcels", tags: ["delivery"],
                body: """
                    A parcel is lost when tracking has not moved for 5 business days. Open a carrier trace.

                    ## Delayed parcels

                    Refund the delivery fee when a parcel is 2 business days late.
                    """)
        ),
        (
            "policies/cancellation.md",
            file(
                id: "cancellation", title: "Cancellation", tags: ["contracts"],
                body: """
                    Customers may cancel a month-to-month plan at any time. Broadband needs 30 days' notice.

                    ## Pre-order cancellations

                    A pre-order can be cancelled for free before it ships.
                    """)
        ),
        (
            "products/vantage-12.md",
            file(
                id: "vantage-12", title: "Vantage 12 phone", type: "product", tags: ["devices"],
                body: """
                    The Vantage 12 costs $799 and has a 6.4-inch screen.

                    ## Warranty

                    Faulty phones are repaired or replaced within 12 months.
                    """)
        ),
        (
            "faq/reimbursement.md",
            file(
                id: "expenses", title: "Expense claims", type: "faq", tags: ["staff"], extra: "products: [vantage-12]",
                body: "Staff get reimbursement for travel. Keep the receipt; the reimbursement arrives with the next pay."
            )
        ),
        (
            "scenarios/practice.md",
            file(id: "practice", title: "Refund practice", type: "scenario", body: "A customer asks for a refund for a parcel.")
        ),
    ])
}
