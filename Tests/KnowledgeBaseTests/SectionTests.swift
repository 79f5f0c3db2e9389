import Foundation
import Testing

@testable import KnowledgeBase

/// Sections store their heading path compactly; what they return is what they were given.
@Suite struct SectionTests {
    @Test func headingPathsReadBackAsGiven() {
        let nested = Section(
            heading: "Exceptions", level: 3, headingPath: ["Refunds", "Window", "Exceptions"], text: "t", startLine: 9, endLine: 12)
        #expect(nested.headingPath == ["Refunds", "Window", "Exceptions"])
        #expect(nested.level == 3)
        #expect(nested.startLine == 9)
        #expect(nested.endLine == 12)
        // A path that does not end with the heading is kept as it is.
        let odd = Section(heading: "Other", level: 2, headingPath: ["Refunds"], text: "", startLine: 1, endLine: 1)
        #expect(odd.headingPath == ["Refunds"])
        let top = Section(heading: nil, level: 0, headingPath: [], text: "Intro", startLine: 1, endLine: 2)
        #expect(top.headingPath == [])
        var changed = nested
        changed.headingPath = ["Refunds", "Exceptions"]
        #expect(changed.headingPath == ["Refunds", "Exceptions"])
        #expect(changed != nested)
        changed.headingPath = ["Refunds", "Window", "Exceptions"]
        #expect(changed == nested)
    }

    @Test func parsedSectionsHaveTheirFullHeadingPaths() {
        let source =
            "---\ntitle: Refunds\n---\n\n# Refunds\n\nIntro.\n\n## Window\n\nThirty days.\n\n### Exceptions\n\nFaulty items.\n\n## Methods\n\nCard.\n"
        let article = ArticleParser.parse(source, path: "policies/refunds.md").article
        #expect(
            article.sections.map(\.headingPath) == [
                ["Refunds"], ["Refunds", "Window"], ["Refunds", "Window", "Exceptions"], ["Refunds", "Methods"],
            ])
        #expect(article.sections.map(\.level) == [1, 2, 3, 2])
        #expect(article.sections.map(\.startLine) == [5, 9, 13, 17])
    }
}

/// Looking articles up by id and by path.
@Suite struct ArticleLookupTests {
    static func article(id: String, path: String, title: String) -> Article {
        ArticleParser.parse("---\nid: \(id)\ntitle: \(title)\n---\n\nText.\n", path: path).article
    }

    @Test func idsFindTheFirstArticleAndPathsTheLast() {
        let articles = [
            Self.article(id: "refunds", path: "policies/refunds.md", title: "First"),
            Self.article(id: "refunds", path: "policies/refunds-copy.md", title: "Second"),
            Self.article(id: "returns", path: "policies/refunds.md", title: "Third"),
        ]
        let knowledgeBase = KnowledgeBase(root: URL(fileURLWithPath: "/"), articles: articles)
        #expect(knowledgeBase.article(id: "refunds")?.title == "First")
        #expect(knowledgeBase.article(id: "returns")?.title == "Third")
        #expect(knowledgeBase.article(path: "policies/refunds.md")?.title == "Third")
        #expect(knowledgeBase.article(path: "policies/refunds-copy.md")?.title == "Second")
        #expect(knowledgeBase.article(id: "refund") == nil)
        #expect(knowledgeBase.article(path: "") == nil)
        #expect(KnowledgeBase(root: URL(fileURLWithPath: "/"), articles: []).article(id: "refunds") == nil)
    }

    @Test func everyOneOfManyArticlesIsFound() {
        let articles = (0..<3000).map { Self.article(id: "a\($0)", path: "p/\($0).md", title: "T\($0)") }
        let knowledgeBase = KnowledgeBase(root: URL(fileURLWithPath: "/"), articles: articles)
        for number in 0..<3000 {
            #expect(knowledgeBase.article(id: "a\(number)")?.title == "T\(number)")
            #expect(knowledgeBase.article(path: "p/\(number).md")?.id == "a\(number)")
        }
        #expect(knowledgeBase.article(id: "a3000") == nil)
    }
}
