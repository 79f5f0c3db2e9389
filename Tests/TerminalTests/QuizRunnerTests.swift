import Foundation
import KnowledgeBase
import Progress
import TestSupport
import Testing
import Training
import TrainingRecords

@testable import Terminal

@Suite struct QuizRunnerTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func temporaryStore() throws -> (SQLiteProgressStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-runner-\(UUID().uuidString)")
        return (try SQLiteProgressStore(url: folder.appendingPathComponent("progress.sqlite"), trainee: "ana"), folder)
    }

    static let questions = QuizFixture.questions

    @Test func sessionRecordsEachAnswerAndPrintsTheScore() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var runner = QuizRunner(
            session: QuizSession(pool: Self.questions, cards: [:], now: Self.now), store: store, knowledgeBase: nil,
            usesColor: false, now: { Self.now })
        var input = ["35 days", "maybe", "true"]
        var output: [String] = []
        let summary = try runner.run(read: { _ in input.isEmpty ? nil : input.removeFirst() }, write: { output.append($0) })
        let text = output.joined(separator: "\n")
        #expect(summary.asked == 2)
        #expect(summary.correct == 1)
        #expect(text.contains("you typed: 35 days\n  accepted:  30 days"))
        #expect(text.contains("could not read that: type true or false"))
        #expect(text.contains("Score: 1/2 (50%)"))
        #expect(text.contains("Next review: in 10 minutes"))
        let answers = try store.quizAnswers()
        #expect(answers.map(\.questionID) == ["window", "fee"])
        #expect(answers.map(\.isCorrect) == [false, true])
        #expect(try store.reviewCards()["fee"]?.due == Self.now.addingTimeInterval(3 * 86_400))
    }

    @Test func endOfInputEndsTheSessionEarlyKeepingWhatWasAnswered() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var runner = QuizRunner(
            session: QuizSession(pool: Self.questions, cards: [:], now: Self.now), store: store, knowledgeBase: nil,
            usesColor: false, now: { Self.now })
        var input = ["30 days"]
        var output: [String] = []
        _ = try runner.run(read: { _ in input.isEmpty ? nil : input.removeFirst() }, write: { output.append($0) })
        #expect(output.last?.contains("Session ended early. Score: 1/1 (100%)") == true)
        #expect(try store.quizAnswers().count == 1)
    }

    @Test func stepByStepUseSuitsAREPLMode() throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        var runner = QuizRunner(
            session: QuizSession(pool: Self.questions, cards: [:], now: Self.now), store: store, knowledgeBase: nil,
            usesColor: false, now: { Self.now })
        #expect(runner.begin().contains("[1/2] How long is the window?"))
        let first = try runner.handle("thirty days")
        #expect(first.continues)
        #expect(first.text.contains("✓ right") && first.text.contains("[2/2] Opened phones carry a fee."))
        let last = try runner.handle("t")
        #expect(!last.continues)
        #expect(last.text.contains("Score: 2/2 (100%)"))
        #expect(try store.quizAnswers().count == 2)
    }

    @Test func differenceIsMarkedInBrackets() {
        let renderer = QuizRenderer(knowledgeBase: nil, usesColor: false)
        #expect(renderer.marked(ShortAnswerMatcher.differences(typed: "refnd", accepted: "refund")) == "ref[+u]nd")
        #expect(renderer.marked(ShortAnswerMatcher.differences(typed: "30 dayss", accepted: "30 days")) == "30 days[-s]")
        let swapped = renderer.marked(ShortAnswerMatcher.differences(typed: "35 days", accepted: "30 days"))
        #expect(swapped == "3[5→0] days")
    }

    @Test func stoppingBeforeTheFirstAnswerSaysSoWithoutAScore() {
        let renderer = QuizRenderer(knowledgeBase: nil, usesColor: false)
        let text = renderer.closing(
            QuizSummary(asked: 0, correct: 0, reviews: 0, nextDue: nil, dueWithinADay: 0), endedEarly: true, now: Date())
        #expect(text.contains("Quiz stopped before the first answer: nothing was recorded."))
        #expect(!text.contains("0/0"))
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        #expect(QuizRenderer.clean("a\u{1B}[31mb\u{07}") == "a\u{FFFD}[31mb\u{FFFD}")
    }

    @Test func rolePlayDebriefBecomesARecordWithScaledScores() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("content")
        let library = ScenarioLibrary(knowledgeBase: try ContentLoader(root: root).load())
        let scenario = try #require(library.scenarios.first)
        var session = RolePlaySession(scenario: scenario)
        _ = session.submit("I'm so sorry, I understand how frustrating this is. Let me take care of it now.")
        session.abandon()
        let attempt = session.debrief()
        let record = RolePlayAttemptRecord(attempt, startedAt: Self.now, endedAt: Self.now.addingTimeInterval(60))
        #expect(record.scenarioID == scenario.id)
        #expect(record.status == .abandoned)
        #expect(record.outcome == nil)
        #expect(record.overall == Double(attempt.overall) / 100)
        #expect(record.transcript.count == 2 * attempt.steps.count)
        #expect(record.transcript.first?.speaker == "customer")
        #expect(record.stepScores.count == attempt.steps.count)
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.record(record)
        #expect(try store.rolePlayAttempts().first?.transcript == record.transcript)
    }
}
