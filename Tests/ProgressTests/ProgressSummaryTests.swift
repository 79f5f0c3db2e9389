import Foundation
import Testing

@testable import Progress

@Suite struct ProgressSummaryTests {
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func answer(_ question: String, _ competency: String, correct: Bool, day offset: Double, article: String = "refunds")
        -> QuizAnswerRecord
    {
        QuizAnswerRecord(
            questionID: question, competency: competency, articleID: article, response: "x", isCorrect: correct,
            rating: correct ? 3 : 1, answeredAt: start.addingTimeInterval(offset * day))
    }

    static func attempt(_ scenario: String, overall: Double, scores: [String: Double], day offset: Double, finished: Bool = true)
        -> RolePlayAttemptRecord
    {
        RolePlayAttemptRecord(
            scenarioID: scenario, mode: "practice", outcome: finished ? "resolved" : nil, overall: overall, competencyScores: scores,
            stepScores: [], transcript: [], status: finished ? .finished : .abandoned,
            startedAt: start.addingTimeInterval(offset * day), endedAt: start.addingTimeInterval(offset * day + 300))
    }

    @Test func levelsBlendQuizAccuracyAndRolePlayScores() throws {
        let answers = [
            Self.answer("q1", "empathy", correct: true, day: 0), Self.answer("q2", "empathy", correct: false, day: 0),
            Self.answer("q3", "policy-accuracy", correct: true, day: 0),
        ]
        let attempts = [Self.attempt("s1", overall: 0.6, scores: ["empathy": 0.9, "de-escalation": 0.2], day: 1)]
        let summary = ProgressSummary(trainee: "ana", answers: answers, states: [], attempts: attempts, now: Self.start)
        let empathy = try #require(summary.competencies.first { $0.id == "empathy" })
        #expect(empathy.quizAccuracy == 0.5)
        #expect(empathy.rolePlayScore == 0.9)
        #expect(abs(empathy.level - 0.7) < 1e-12)
        #expect(summary.competencies.map(\.id) == ["de-escalation", "empathy", "policy-accuracy"])
        #expect(summary.weakest == ["de-escalation", "empathy", "policy-accuracy"])
        #expect(empathy.mostMissedArticle == "refunds")
    }

    @Test func trendHasOneLevelPerActiveDay() throws {
        let answers = [
            Self.answer("q1", "empathy", correct: false, day: 0), Self.answer("q1", "empathy", correct: true, day: 2),
            Self.answer("q2", "empathy", correct: true, day: 5),
        ]
        let summary = ProgressSummary(trainee: "ana", answers: answers, states: [], attempts: [], now: Self.start)
        let trend = try #require(summary.competencies.first).trend
        #expect(trend.count == 3)
        #expect(trend[0] == 0)
        #expect(trend[1] == 0.5)
        #expect(abs(trend[2] - 2.0 / 3.0) < 1e-12)
    }

    @Test func retentionCountsOnlyReviews() {
        let answers = [
            Self.answer("q1", "empathy", correct: true, day: 0), Self.answer("q1", "empathy", correct: false, day: 3),
            Self.answer("q1", "empathy", correct: true, day: 4), Self.answer("q2", "empathy", correct: false, day: 4),
        ]
        let summary = ProgressSummary(trainee: "ana", answers: answers, states: [], attempts: [], now: Self.start)
        #expect(summary.reviewCount == 2)
        #expect(summary.retention == 0.5)
        #expect(ProgressSummary(trainee: "ana", answers: [], states: [], attempts: [], now: Self.start).retention == nil)
    }

    @Test func scenariosKeepTheBestAndLastScores() throws {
        let attempts = [
            Self.attempt("s1", overall: 0.4, scores: [:], day: 0), Self.attempt("s1", overall: 0.8, scores: [:], day: 1),
            Self.attempt("s1", overall: 0.5, scores: [:], day: 2, finished: false),
        ]
        let scenario = try #require(
            ProgressSummary(trainee: "a", answers: [], states: [], attempts: attempts, now: Self.start).scenarios.first)
        #expect(scenario.attempts == 3)
        #expect(scenario.finished == 2)
        #expect(scenario.bestOverall == 0.8)
        #expect(scenario.lastOverall == 0.5)
    }

    @Test func dueQuestionsAreCountedAtTheGivenTime() {
        let states = [
            ReviewStateRecord(
                questionID: "a", stability: 1, difficulty: 5, dueAt: Self.start.addingTimeInterval(-60), lastReviewAt: Self.start,
                reviewCount: 1, lapseCount: 0),
            ReviewStateRecord(
                questionID: "b", stability: 1, difficulty: 5, dueAt: Self.start.addingTimeInterval(3 * Self.day), lastReviewAt: Self.start,
                reviewCount: 1, lapseCount: 0),
        ]
        let summary = ProgressSummary(trainee: "a", answers: [], states: states, attempts: [], now: Self.start)
        #expect(summary.scheduledQuestions == 2)
        #expect(summary.dueQuestions == 1)
        #expect(summary.nextDue == Self.start.addingTimeInterval(-60))
    }

    @Test func rolePlaysWeighMoreWhereTheFrameworkSaysSo() throws {
        let answers = [Self.answer("q1", "empathy", correct: false, day: 0), Self.answer("q2", "empathy", correct: true, day: 0)]
        let attempts = [Self.attempt("s1", overall: 0.9, scores: ["empathy": 0.9], day: 1)]
        let even = ProgressSummary(trainee: "ana", answers: answers, states: [], attempts: attempts, now: Self.start)
        let weighted = ProgressSummary(
            trainee: "ana", answers: answers, states: [], attempts: attempts, now: Self.start, rolePlayWeights: ["empathy": 2.0 / 3.0])
        #expect(abs(try #require(even.competencies.first).level - 0.7) < 1e-12)
        #expect(abs(try #require(weighted.competencies.first).level - (0.5 / 3 + 0.9 * 2 / 3)) < 1e-12)
    }

    @Test func glyphsScaleWithTheLevel() {
        #expect(ProgressGlyphs.bar(0.5, width: 4) == "██  ")
        #expect(ProgressGlyphs.bar(1, width: 3) == "███")
        #expect(ProgressGlyphs.sparkline([0, 0.5, 1]) == "▁▅█")
        #expect(ProgressGlyphs.label(0.9) == "strong")
    }
}
