import Foundation
import Testing

@testable import Training

@Suite struct QuizSessionTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func question(_ id: String, article: String = "refunds", kind: QuizQuestion.Kind = .trueFalse(answer: true)) -> QuizQuestion {
        QuizQuestion(
            id: id, kind: kind, prompt: "Prompt \(id)", competency: "policy-accuracy", articleID: article, explanation: "Because.",
            origin: .quizFile(path: "q.md", line: 1), sourceID: "quiz")
    }

    static func card(dueIn days: Double) -> ReviewCard {
        ReviewCard(
            stability: 3, difficulty: 5, due: now.addingTimeInterval(days * 86_400), lastReview: now.addingTimeInterval(-86_400),
            reviewCount: 1, lapseCount: 0)
    }

    @Test func dueReviewsComeFirstMostOverdueFirstThenNewOnesAndNotYetDueAreSkipped() {
        let pool = ["new1", "later", "due-recent", "due-old", "new2"].map { Self.question($0) }
        let cards = ["later": Self.card(dueIn: 2), "due-recent": Self.card(dueIn: -1), "due-old": Self.card(dueIn: -5)]
        let session = QuizSession(pool: pool, cards: cards, count: 10, now: Self.now)
        #expect(session.queue.map(\.id) == ["due-old", "due-recent", "new1", "new2"])
        #expect(session.current?.isReview == true)
    }

    @Test func countLimitsTheSession() {
        let pool = (1...8).map { Self.question("q\($0)", article: "a\($0)") }
        #expect(QuizSession(pool: pool, cards: [:], count: 3, now: Self.now).queue.count == 3)
    }

    @Test func singleChoiceIsGradedByTheShownNumber() throws {
        let question = Self.question("pick", kind: .singleChoice(options: ["right", "wrong", "other"], correct: 0))
        var session = QuizSession(pool: [question], cards: [:], now: Self.now)
        let prompt = try #require(session.current)
        let rightNumber = try #require(prompt.choices.firstIndex(of: "right")) + 1
        guard case .graded(let feedback) = session.submit("\(rightNumber)", at: Self.now) else {
            Issue.record("expected a grade")
            return
        }
        #expect(feedback.isCorrect)
        #expect(feedback.rating == .good)
        #expect(feedback.card.due == Self.now.addingTimeInterval(3 * 86_400))
        #expect(session.isFinished)
        #expect(session.summary(at: Self.now).correct == 1)
    }

    @Test func outOfRangeChoiceIsAskedAgain() {
        let question = Self.question("pick", kind: .singleChoice(options: ["a", "b"], correct: 0))
        var session = QuizSession(pool: [question], cards: [:], now: Self.now)
        guard case .unreadable = session.submit("7", at: Self.now) else {
            Issue.record("expected the answer to be refused")
            return
        }
        #expect(session.position == 0)
    }

    @Test func orderingNeedsTheStepsInTheRightOrder() throws {
        let steps = ["verify", "check", "refund", "log"]
        let question = Self.question("order", kind: .ordering(steps: steps))
        var session = QuizSession(pool: [question, Self.question("order2", kind: .ordering(steps: steps))], cards: [:], now: Self.now)
        let shown = try #require(session.current).choices
        #expect(shown != steps)
        let answer = steps.map { String(shown.firstIndex(of: $0)! + 1) }.joined(separator: " ")
        let right = try #require(session.submit(answer, at: Self.now).feedback)
        #expect(right.isCorrect)
        let shownSecond = try #require(session.current).choices
        let reversed = steps.reversed().map { String(shownSecond.firstIndex(of: $0)! + 1) }.joined(separator: " ")
        let wrong = try #require(session.submit(reversed, at: Self.now).feedback)
        #expect(!wrong.isCorrect)
        #expect(wrong.rating == .again)
    }

    @Test func multipleChoiceNeedsExactlyTheRightSet() throws {
        let kind = QuizQuestion.Kind.multipleChoice(options: ["a", "b", "c"], correct: [0, 2])
        var session = QuizSession(pool: [Self.question("m1", kind: kind), Self.question("m2", kind: kind)], cards: [:], now: Self.now)
        let shown = try #require(session.current).choices
        let right = ["a", "c"].map { String(shown.firstIndex(of: $0)! + 1) }.joined(separator: ",")
        let first = try #require(session.submit(right, at: Self.now).feedback)
        #expect(first.isCorrect)
        let next = try #require(session.current).choices
        let partial = [String(next.firstIndex(of: "a")! + 1), String(next.firstIndex(of: "b")! + 1)].joined(separator: " ")
        let second = try #require(session.submit(partial, at: Self.now).feedback)
        #expect(!second.isCorrect)
        #expect(second.missedOptions == ["c"])
        #expect(second.wrongOptions == ["b"])
        // Stored in words: the numbers typed only mean something in that trainee's shuffled order.
        #expect(second.answerText == "a; b")
        #expect(first.missedOptions.isEmpty && first.wrongOptions.isEmpty)
    }

    @Test func eachTraineeHasTheirOwnOptionOrderAndKeepsIt() throws {
        let options = (1...8).map { "option \($0)" }
        let pool = [Self.question("order", kind: .singleChoice(options: options, correct: 0))]
        func order(_ trainee: String) throws -> [String] {
            try #require(QuizSession(pool: pool, cards: [:], now: Self.now, shuffleSeed: trainee).current).choices
        }
        #expect(try order("ana") == order("ana"))
        let orders = try Set(["ana", "ben", "chen", "dee"].map(order))
        #expect(orders.count > 1)
        #expect(try order("ana") != options)
    }

    @Test func typedAnswerWithForgivenTypoIsGradedHard() throws {
        let question = Self.question("short", kind: .shortAnswer(accepted: ["team leader"], allowsTypos: true))
        var session = QuizSession(pool: [question], cards: [:], now: Self.now)
        let feedback = try #require(session.submit("team leeder", at: Self.now).feedback)
        #expect(feedback.isCorrect)
        #expect(feedback.rating == .hard)
        #expect(feedback.shortAnswer?.hasForgivenTypo == true)
    }

    @Test func summarySaysWhenTheNextReviewIsDue() {
        var session = QuizSession(pool: [Self.question("t1"), Self.question("t2", article: "other")], cards: [:], now: Self.now)
        _ = session.submit("true", at: Self.now)
        _ = session.submit("false", at: Self.now)
        let summary = session.summary(at: Self.now)
        #expect(summary.asked == 2)
        #expect(summary.correct == 1)
        #expect(summary.nextDue == Self.now.addingTimeInterval(600))
        #expect(summary.dueWithinADay == 1)
    }

    @Test func nothingDueAndNothingNewGivesAnEmptySession() {
        let session = QuizSession(pool: [Self.question("t1")], cards: ["t1": Self.card(dueIn: 4)], now: Self.now)
        #expect(session.queue.isEmpty)
        #expect(session.summary(at: Self.now).nextDue == Self.now.addingTimeInterval(4 * 86_400))
    }
}

extension QuizSubmission {
    /// The feedback of a graded answer, `nil` when the answer was refused.
    var feedback: QuizFeedback? {
        if case .graded(let feedback) = self { return feedback }
        return nil
    }
}
