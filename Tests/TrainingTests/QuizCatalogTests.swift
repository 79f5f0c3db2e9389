import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Training

@Suite struct QuizCatalogTests {
    static let shipped: KnowledgeBase? = try? ContentLoader(root: Repository.root.appendingPathComponent("content")).load()

    @Test func shippedQuizzesCheckCleanAndCoverEveryPolicyAndProduct() throws {
        let knowledgeBase = try #require(Self.shipped)
        let diagnostics = QuizCheck().diagnostics(for: knowledgeBase) + ReviewDateCheck().diagnostics(for: knowledgeBase)
        #expect(diagnostics.map(\.description) == [])
        let catalog = QuizCatalog(knowledgeBase: knowledgeBase)
        let written = catalog.questions.filter { !$0.isGenerated }
        #expect(written.count >= 120)
        let covered = Set(written.map(\.articleID))
        let required = knowledgeBase.articles.filter { $0.kind == .policy || $0.kind == .product }.map(\.id)
        #expect(required.count > 40)
        #expect(required.filter { !covered.contains($0) } == [])
        #expect(Set(catalog.questions.map(\.id)).count == catalog.questions.count)
    }

    @Test func shippedShortAnswersAcceptTheirOwnAnswers() throws {
        let knowledgeBase = try #require(Self.shipped)
        let matcher = ShortAnswerMatcher()
        for question in QuizCatalog(knowledgeBase: knowledgeBase).questions {
            guard case .shortAnswer(let accepted, let typos) = question.kind else { continue }
            for answer in accepted {
                #expect(matcher.match(answer, accepted: accepted, allowsTypos: typos).isAccepted, "\(question.id): '\(answer)'")
            }
        }
    }

    @Test func topicSelectsByArticleKindAndTag() throws {
        let knowledgeBase = try #require(Self.shipped)
        let catalog = QuizCatalog(knowledgeBase: knowledgeBase)
        let refunds = catalog.questions(topic: "refunds", competency: nil, in: knowledgeBase)
        #expect(!refunds.isEmpty)
        #expect(
            refunds.allSatisfy { q in
                q.articleID == "refunds" || q.topics.contains("refunds")
                    || knowledgeBase.article(id: q.articleID)?.tags.contains("refunds") == true
            })
        let policies = catalog.questions(topic: "policies", competency: nil, in: knowledgeBase)
        #expect(policies.allSatisfy { knowledgeBase.article(id: $0.articleID)?.kind == .policy })
        let empathy = catalog.questions(topic: nil, competency: "empathy", in: knowledgeBase)
        #expect(!empathy.isEmpty && empathy.allSatisfy { $0.competency == "empathy" })
    }
}
