import Foundation
import Progress
import TestSupport
import Testing
import Training
import TrainingRecords

/// A recorded quiz keeps each graded answer and its schedule on disk before the next question, and
/// nothing for a line it could not read.
@Suite struct RecordedQuizTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func eachGradedAnswerIsOnDiskBeforeTheNextQuestion() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.database
        let store = try SQLiteProgressStore(url: url, trainee: "ana")
        var quiz = RecordedQuiz(
            session: QuizSession(pool: QuizFixture.questions, cards: [:], now: Self.now), store: store, now: { Self.now })

        guard case .graded(let first) = try quiz.submit("30 days") else {
            Issue.record("a typed answer is graded")
            return
        }
        #expect(first.isCorrect)
        // Another connection to the same file sees the answer already.
        let reader = try SQLiteProgressStore(url: url, trainee: "ana")
        #expect(try reader.quizAnswers().map(\.questionID) == ["window"])
        #expect(try reader.reviewCards()["window"] != nil)

        guard case .unreadable = try quiz.submit("maybe") else {
            Issue.record("'maybe' is not true or false")
            return
        }
        #expect(try reader.quizAnswers().count == 1)

        guard case .graded(let second) = try quiz.submit("false") else {
            Issue.record("false is an answer")
            return
        }
        #expect(!second.isCorrect)
        #expect(quiz.session.isFinished)
        #expect(quiz.summary.asked == 2 && quiz.summary.correct == 1)
        #expect(try reader.quizAnswers().map(\.isCorrect) == [true, false])
    }
}
