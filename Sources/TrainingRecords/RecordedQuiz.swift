import Foundation
import Progress
import Training

/// A quiz session whose every graded answer is recorded, with the question's new schedule, before
/// the next question is asked: what the `quiz` command and the REPL's quiz mode both run, each
/// rendering the steps in its own way.
public struct RecordedQuiz {
    /// The session being run.
    public private(set) var session: QuizSession
    /// Where each answer is recorded as it is given.
    public let store: any ProgressStore
    /// The clock (a fixed one in tests).
    public let now: () -> Date

    public init(session: QuizSession, store: any ProgressStore, now: @escaping () -> Date = Date.init) {
        self.session = session
        self.store = store
        self.now = now
    }

    /// Grades one typed line, as ``QuizSession/submit(_:at:)`` does, and records a graded answer in
    /// one transaction before returning it.
    ///
    /// - Throws: ``ProgressStoreError`` when the answer cannot be recorded (the session stops there).
    public mutating func submit(_ line: String) throws(ProgressStoreError) -> QuizSubmission {
        let time = now()
        let submission = session.submit(line, at: time)
        if case .graded(let feedback) = submission { try store.record(feedback, at: time) }
        return submission
    }

    /// The answered questions' summary, now.
    public var summary: QuizSummary { session.summary(at: now()) }
}
