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

    /// What one typed line did.
    public enum Step {
        /// The line could not be read as an answer (an out-of-range choice); the question stands.
        case unreadable(hint: String)
        /// The answer was graded and recorded.
        case graded(QuizFeedback)
    }

    public init(session: QuizSession, store: any ProgressStore, now: @escaping () -> Date = Date.init) {
        self.session = session
        self.store = store
        self.now = now
    }

    /// Grades one typed line and records a graded answer in one transaction.
    ///
    /// - Throws: ``ProgressStoreError`` when the answer cannot be recorded (the session stops there).
    public mutating func submit(_ line: String) throws(ProgressStoreError) -> Step {
        let time = now()
        switch session.submit(line, at: time) {
        case .unreadable(let hint):
            return .unreadable(hint: hint)
        case .graded(let feedback):
            try store.record(feedback, at: time)
            return .graded(feedback)
        }
    }

    /// The answered questions' summary, now.
    public var summary: QuizSummary { session.summary(at: now()) }
}
