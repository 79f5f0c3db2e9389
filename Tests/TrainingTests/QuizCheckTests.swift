import KnowledgeBase
import Testing

@testable import Training

@Suite struct QuizCheckTests {
    static func quiz(
        id: String, questionID: String, article: String = "refunds", competency: String = "policy-accuracy", reviewed: String = "2026-11-15"
    )
        -> String
    {
        """
        ---
        id: \(id)
        type: quiz
        reviewed: \(reviewed)
        ---

        ## How long? {#\(questionID)}

        article: \(article)
        competency: \(competency)
        answer: 30 days

        > Thirty days.
        """
    }

    @Test func validQuizHasNoDiagnostics() {
        let knowledgeBase = QuizFixtures.knowledgeBase([
            "policies/refunds.md": QuizFixtures.refundsPolicy, "quizzes/a.md": Self.quiz(id: "qa", questionID: "q1"),
        ])
        #expect(QuizCheck().diagnostics(for: knowledgeBase).isEmpty)
        #expect(ReviewDateCheck().diagnostics(for: knowledgeBase).isEmpty)
    }

    @Test func aHandWrittenAnswerThatNoLongerMatchesAMarkedFactIsFlagged() {
        let question = """
            ---
            id: qa
            type: quiz
            reviewed: 2026-11-15
            ---

            ## Within how many days of delivery may a customer return an item? {#return-days}

            article: refunds
            competency: policy-accuracy
            answer: 30 days

            > A customer may return an item within 30 days of delivery.
            """
        let changed = QuizFixtures.refundsPolicy.replacingOccurrences(of: "{{30 days}}", with: "{{21 days}}")
        let stale = QuizFixtures.knowledgeBase(["policies/refunds.md": changed, "quizzes/a.md": question])
        let messages = QuizCheck().diagnostics(for: stale).map(\.description)
        #expect(
            messages.contains {
                $0.hasPrefix("quizzes/a.md:11:1: warning: question 'return-days' answers '30 days', but 'refunds' marks {{21 days}}")
            }, "\(messages)")
        // Without moving `updated:`, so the review-date check alone would have said nothing.
        #expect(ReviewDateCheck().diagnostics(for: stale).isEmpty)
        let current = QuizFixtures.knowledgeBase(["policies/refunds.md": QuizFixtures.refundsPolicy, "quizzes/a.md": question])
        #expect(QuizCheck().diagnostics(for: current).isEmpty)
    }

    @Test func unknownArticleAndCompetencyAreReportedWithSuggestions() {
        let knowledgeBase = QuizFixtures.knowledgeBase([
            "policies/refunds.md": QuizFixtures.refundsPolicy,
            "quizzes/a.md": Self.quiz(id: "qa", questionID: "q1", article: "refund", competency: "empathi"),
        ])
        let messages = QuizCheck().diagnostics(for: knowledgeBase).map(\.description)
        #expect(
            messages == [
                "quizzes/a.md:9:1: error: question 'q1' names unknown article 'refund'; did you mean 'refunds'?",
                "quizzes/a.md:10:1: error: question 'q1' names unknown competency 'empathi'; did you mean 'empathy'?",
            ])
    }

    @Test func duplicateQuestionIdsAcrossFilesNameTheFirstUse() {
        let knowledgeBase = QuizFixtures.knowledgeBase([
            "policies/refunds.md": QuizFixtures.refundsPolicy,
            "quizzes/a.md": Self.quiz(id: "qa", questionID: "same"),
            "quizzes/b.md": Self.quiz(id: "qb", questionID: "same"),
        ])
        let messages = QuizCheck().diagnostics(for: knowledgeBase).map(\.description)
        #expect(
            messages == [
                "quizzes/b.md:7:1: error: duplicate question id 'same' (also used at quizzes/a.md:7); give each question its own id"
            ])
    }

    @Test func articleUpdatedAfterTheQuizReviewWarns() {
        let knowledgeBase = QuizFixtures.knowledgeBase([
            "policies/refunds.md": QuizFixtures.refundsPolicy,
            "quizzes/a.md": Self.quiz(id: "qa", questionID: "q1", reviewed: "2026-08-01"),
        ])
        let messages = ReviewDateCheck().diagnostics(for: knowledgeBase).map(\.description)
        #expect(
            messages == [
                "quizzes/a.md:9:1: warning: article 'refunds' was updated on 2026-09-01, after this quiz was reviewed on 2026-08-01; check the questions that depend on it, then set 'reviewed:'"
            ])
    }

    @Test func scenarioLinkingAChangedArticleWarns() {
        let scenario = """
            ---
            id: angry-refund
            type: scenario
            reviewed: 2026-08-15
            ---

            # Angry refund

            The policy is in [Refunds](kb:refunds).
            """
        let knowledgeBase = QuizFixtures.knowledgeBase([
            "policies/refunds.md": QuizFixtures.refundsPolicy, "scenarios/angry-refund.md": scenario,
        ])
        let messages = ReviewDateCheck().diagnostics(for: knowledgeBase).map(\.description)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("scenarios/angry-refund.md:9:1: warning: article 'refunds' was updated on 2026-09-01") == true)
    }
}
