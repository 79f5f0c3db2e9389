import Foundation
import GRDB

extension SQLiteProgressStore {
    /// Stores one quiz answer and the question's new scheduler state together, in one transaction.
    public func record(_ answer: QuizAnswerRecord, state: ReviewStateRecord) throws(ProgressStoreError) {
        let trainee = self.trainee
        try write { db in
            let traineeID = try Self.traineeID(trainee, in: db, createdAt: answer.answeredAt)
            try db.execute(
                sql: """
                    INSERT INTO quiz_answer
                        (trainee_id, question_id, competency, article_id, response, is_correct, rating, answered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    traineeID, answer.questionID, answer.competency, answer.articleID, answer.response,
                    answer.isCorrect, min(4, max(1, answer.rating)), answer.answeredAt.timeIntervalSince1970,
                ])
            try db.execute(
                sql: """
                    INSERT INTO review_state
                        (trainee_id, question_id, stability, difficulty, due_at, last_review_at, review_count, lapse_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (trainee_id, question_id) DO UPDATE SET
                        stability = excluded.stability, difficulty = excluded.difficulty, due_at = excluded.due_at,
                        last_review_at = excluded.last_review_at, review_count = excluded.review_count,
                        lapse_count = excluded.lapse_count
                    """,
                arguments: [
                    traineeID, state.questionID, state.stability, state.difficulty, state.dueAt.timeIntervalSince1970,
                    state.lastReviewAt.timeIntervalSince1970, state.reviewCount, state.lapseCount,
                ])
        }
    }

    /// The scheduler state of every question `trainee` (default: the store's) has answered, by question id.
    public func reviewStates(trainee: String?) throws(ProgressStoreError) -> [String: ReviewStateRecord] {
        let name = trainee ?? self.trainee
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.* FROM review_state r JOIN trainee t ON t.id = r.trainee_id WHERE t.name = ?
                    """, arguments: [name])
            var result: [String: ReviewStateRecord] = [:]
            for row in rows {
                let state = ReviewStateRecord(
                    questionID: row["question_id"], stability: row["stability"], difficulty: row["difficulty"],
                    dueAt: Date(timeIntervalSince1970: row["due_at"]),
                    lastReviewAt: Date(timeIntervalSince1970: row["last_review_at"]),
                    reviewCount: row["review_count"], lapseCount: row["lapse_count"])
                result[state.questionID] = state
            }
            return result
        }
    }

    /// Every quiz answer of `trainee` (default: the store's), oldest first.
    public func quizAnswers(trainee: String?) throws(ProgressStoreError) -> [QuizAnswerRecord] {
        let name = trainee ?? self.trainee
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM quiz_answer a JOIN trainee t ON t.id = a.trainee_id
                    WHERE t.name = ? ORDER BY a.answered_at, a.id
                    """, arguments: [name]
            ).map { row in
                QuizAnswerRecord(
                    questionID: row["question_id"], competency: row["competency"], articleID: row["article_id"],
                    response: row["response"], isCorrect: row["is_correct"], rating: row["rating"],
                    answeredAt: Date(timeIntervalSince1970: row["answered_at"]))
            }
        }
    }
}
