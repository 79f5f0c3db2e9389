import Foundation

/// Where trainee progress is kept: quiz answers, scheduler state and role-play attempts.
///
/// Two stores implement it: ``SQLiteProgressStore``, a file on the trainee's own machine, and a
/// PostgreSQL store shared by a team (in the `TeamProgress` module). Every write is one transaction:
/// when a call returns, its record is kept, whatever happens to the process or the server next.
public protocol ProgressStore: AnyObject, Sendable {
    /// The trainee whose progress the writes record and the reads without a `trainee:` return.
    var trainee: String { get }
    /// Where the records are, for messages: a file path, or a server's URL without its password.
    var location: String { get }

    /// Stores one quiz answer and the question's new scheduler state together, in one transaction.
    func record(_ answer: QuizAnswerRecord, state: ReviewStateRecord) throws(ProgressStoreError)

    /// Stores one role-play attempt of the store's trainee (scores, transcript, status) in one transaction.
    ///
    /// - Returns: the attempt's row id.
    @discardableResult
    func record(_ attempt: RolePlayAttemptRecord) throws(ProgressStoreError) -> Int64

    /// The scheduler state of every question `trainee` (`nil`: the store's) has answered, by question id.
    func reviewStates(trainee: String?) throws(ProgressStoreError) -> [String: ReviewStateRecord]

    /// Every quiz answer of `trainee` (`nil`: the store's), oldest first.
    func quizAnswers(trainee: String?) throws(ProgressStoreError) -> [QuizAnswerRecord]

    /// Every role-play attempt of `trainee` (`nil`: the store's), oldest first.
    func rolePlayAttempts(trainee: String?) throws(ProgressStoreError) -> [RolePlayAttemptRecord]

    /// Every trainee with a record that this store may read, by name.
    func trainees() throws(ProgressStoreError) -> [String]

    /// The number of schema migrations applied.
    func schemaVersion() throws(ProgressStoreError) -> Int
}

extension ProgressStore {
    /// The scheduler state of every question the store's trainee has answered, by question id.
    public func reviewStates() throws(ProgressStoreError) -> [String: ReviewStateRecord] {
        try reviewStates(trainee: nil)
    }

    /// Every quiz answer of the store's trainee, oldest first.
    public func quizAnswers() throws(ProgressStoreError) -> [QuizAnswerRecord] {
        try quizAnswers(trainee: nil)
    }

    /// Every role-play attempt of the store's trainee, oldest first.
    public func rolePlayAttempts() throws(ProgressStoreError) -> [RolePlayAttemptRecord] {
        try rolePlayAttempts(trainee: nil)
    }
}
