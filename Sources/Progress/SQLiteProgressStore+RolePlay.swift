import Foundation
import GRDB

extension SQLiteProgressStore {
    /// Stores one role-play attempt of the store's trainee (scores, transcript, status) in one transaction.
    ///
    /// - Returns: the attempt's row id.
    @discardableResult
    public func record(_ attempt: RolePlayAttemptRecord) throws(ProgressStoreError) -> Int64 {
        let trainee = self.trainee
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let transcript = (try? encoder.encode(attempt.transcript)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return try write { db in
            let traineeID = try Self.traineeID(trainee, in: db, createdAt: attempt.startedAt)
            try db.execute(
                sql: """
                    INSERT INTO roleplay_attempt
                        (trainee_id, scenario_id, mode, outcome, overall, status, started_at, ended_at, transcript, passed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    traineeID, attempt.scenarioID, attempt.mode, attempt.outcome, attempt.overall,
                    attempt.status.rawValue, attempt.startedAt.timeIntervalSince1970,
                    attempt.endedAt.timeIntervalSince1970, transcript, attempt.passed,
                ])
            let attemptID = db.lastInsertedRowID
            for (competency, score) in attempt.competencyScores {
                try db.execute(
                    sql: "INSERT INTO roleplay_competency_score (attempt_id, competency, score) VALUES (?, ?, ?)",
                    arguments: [attemptID, competency, score])
            }
            for (position, step) in attempt.stepScores.enumerated() {
                try db.execute(
                    sql: "INSERT INTO roleplay_step_score (attempt_id, position, step_id, score) VALUES (?, ?, ?, ?)",
                    arguments: [attemptID, position, step.stepID, step.score])
            }
            return attemptID
        }
    }

    /// Every role-play attempt of `trainee` (default: the store's), oldest first.
    public func rolePlayAttempts(trainee: String?) throws(ProgressStoreError) -> [RolePlayAttemptRecord] {
        let name = trainee ?? self.trainee
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM roleplay_attempt a JOIN trainee t ON t.id = a.trainee_id
                    WHERE t.name = ? ORDER BY a.ended_at, a.id
                    """, arguments: [name])
            let decoder = JSONDecoder()
            return try rows.map { row in
                let id: Int64 = row["id"]
                var competencies: [String: Double] = [:]
                for score in try Row.fetchAll(
                    db, sql: "SELECT competency, score FROM roleplay_competency_score WHERE attempt_id = ?",
                    arguments: [id])
                {
                    competencies[score["competency"]] = score["score"]
                }
                let steps = try Row.fetchAll(
                    db, sql: "SELECT step_id, score FROM roleplay_step_score WHERE attempt_id = ? ORDER BY position",
                    arguments: [id]
                ).map { RolePlayAttemptRecord.StepScore(stepID: $0["step_id"], score: $0["score"]) }
                let transcriptText: String = row["transcript"]
                let transcript =
                    (try? decoder.decode([RolePlayAttemptRecord.Turn].self, from: Data(transcriptText.utf8))) ?? []
                let statusText: String = row["status"]
                return RolePlayAttemptRecord(
                    id: id, scenarioID: row["scenario_id"], mode: row["mode"], outcome: row["outcome"],
                    overall: row["overall"], competencyScores: competencies, stepScores: steps, transcript: transcript,
                    status: RolePlayAttemptRecord.Status(rawValue: statusText) ?? .abandoned,
                    startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    endedAt: Date(timeIntervalSince1970: row["ended_at"]), passed: row["passed"])
            }
        }
    }
}
