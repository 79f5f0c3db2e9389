import KnowledgeBase
import Testing

@testable import Training

@Suite struct QuizFactsTests {
    @Test func markedFactsBecomeShortAnswerQuestions() {
        let article = QuizFixtures.article(QuizFixtures.refundsPolicy, path: "policies/refunds.md")
        let questions = QuizFacts.questions(for: article)
        #expect(questions.map(\.id) == ["fact/refunds/5-business-days", "fact/refunds/30-days"])
        #expect(questions[0].kind == .shortAnswer(accepted: ["5 business days"], allowsTypos: true))
        #expect(questions[0].prompt == "Fill in the blank: Refunds are processed within _____ of the return arriving.")
        #expect(
            questions[0].explanation == "Refunds, section 'Timing': Refunds are processed within 5 business days of the return arriving.")
        #expect(questions[0].competency == "refunds-and-orders")
        #expect(questions[0].isGenerated)
    }

    @Test func idsSurviveEditsToOtherText() {
        let edited = QuizFixtures.refundsPolicy
            .replacingOccurrences(of: "## Timing", with: "## Timing\n\nA new paragraph with a {{new fact}} first.")
            .replacingOccurrences(of: "Refunds are processed", with: "Most refunds are processed")
        let ids = QuizFacts.questions(for: QuizFixtures.article(edited, path: "policies/refunds.md")).map(\.id)
        #expect(ids.contains("fact/refunds/5-business-days"))
        #expect(ids.contains("fact/refunds/30-days"))
    }

    @Test func theSameAnswerTwiceGetsDistinctIds() {
        let text = "---\nid: returns\ntype: policy\n---\n\nReturns take {{30 days}}. Exchanges also take {{30 days}}.\n"
        let ids = QuizFacts.questions(for: QuizFixtures.article(text, path: "policies/returns.md")).map(\.id)
        #expect(ids == ["fact/returns/30-days", "fact/returns/30-days-2"])
    }

    @Test func trainingMaterialIsNotQuizzed() {
        let text = "---\nid: s1\ntype: scenario\n---\n\nThe customer waited {{3 weeks}}.\n"
        let knowledgeBase = QuizFixtures.knowledgeBase(["scenarios/s1.md": text])
        #expect(QuizFacts.questions(in: knowledgeBase).isEmpty)
    }
}
