import Foundation
import PostgresNIO
import Progress

/// Trainee progress in a team's PostgreSQL database (see ``TeamSchema``).
///
/// The trainee is the role that logged in: the server's row-level security lets a trainee read and
/// write only their own rows, whatever SQL is sent. A trainer may name another trainee to read
/// their records; an administrator (a superuser or the tables' owner) may also write them, which
/// is how a local history is imported. Every write is one transaction, and every insert is keyed
/// so that sending the same record twice stores it once.
public final class PostgresProgressStore: ProgressStore, @unchecked Sendable {
    /// The trainee whose records the writes add and the reads without `trainee:` return.
    public let trainee: String
    /// The role that logged in.
    public let connectedRole: String
    /// Whether the connected role may read every trainee's records (a trainer or an administrator).
    public let readsEveryone: Bool
    /// Whether the connected role may add records to other trainees (an administrator, for imports).
    public let writesForOthers: Bool
    let server: ServerConnection

    /// The server's URL without its password.
    public var location: String { server.address.description }

    /// Connects to `address` and checks the schema.
    ///
    /// - Parameter requested: `--trainee`, if given. A trainee's login may only name itself; a
    ///   trainer or administrator may name anyone.
    /// - Throws: ``ProgressStoreError`` when the server is unreachable, refuses the login, has no or
    ///   an older or newer frontline schema, or `requested` is someone else for a trainee's login.
    public init(address: ServerAddress, trainee requested: String? = nil) throws(ProgressStoreError) {
        server = try ServerConnection(address)
        let location = address.description
        let identity = try server.query(
            """
            SELECT session_user::text,
                   r.rolsuper OR EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = 'frontline' AND n.nspowner = r.oid),
                   EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid AND g.rolname = \(TeamSchema.trainerGroup))
            FROM pg_roles r WHERE r.rolname = session_user
            """)
        guard let row = identity.first, let (role, administers, trains) = try? row.decode((String, Bool, Bool).self) else {
            throw .storage(path: location, detail: "the server did not say who is logged in")
        }
        connectedRole = role
        readsEveryone = administers || trains
        writesForOthers = administers
        if let requested, requested != role, !readsEveryone {
            throw .traineeMismatch(connectedAs: role, requested: requested)
        }
        trainee = requested ?? role
        try checkSchema()
    }

    /// Refuses a database without frontline's tables, or at a schema older or newer than this frontline's.
    private func checkSchema() throws(ProgressStoreError) {
        let present = try server.query("SELECT to_regclass('frontline.schema_migration') IS NOT NULL")
        guard let row = present.first, (try? row.decode(Bool.self)) == true else { throw .notInitialised(path: location) }
        let applied = try server.transaction { (transaction) throws(ProgressStoreError) in
            try TeamSchema.appliedMigrations(transaction)
        }
        let known = TeamSchema.migrationNames
        let unknown = Set(applied).subtracting(known)
        if !unknown.isEmpty { throw .newerSchema(path: location, unknownMigrations: unknown.sorted()) }
        let missing = known.filter { !applied.contains($0) }
        if !missing.isEmpty { throw .olderSchema(path: location, missingMigrations: missing) }
    }

    // MARK: Writing

    /// A trainer reading another trainee may not add to their records: said before the server refuses.
    private func checkMayWrite() throws(ProgressStoreError) {
        guard trainee != connectedRole, !writesForOthers else { return }
        throw .notPermitted(
            path: location,
            detail: "\(connectedRole) may read \(trainee)'s records but not add to them; drop --trainee to practise as yourself")
    }

    public func record(_ answer: QuizAnswerRecord, state: ReviewStateRecord) throws(ProgressStoreError) {
        try checkMayWrite()
        let trainee = self.trainee
        try server.transaction { (transaction) throws(ProgressStoreError) in
            try Self.ensureTrainee(trainee, in: transaction)
            try Self.insert(answer, trainee: trainee, in: transaction)
            try Self.upsert(state, trainee: trainee, onlyIfNewer: false, in: transaction)
        }
    }

    @discardableResult
    public func record(_ attempt: RolePlayAttemptRecord) throws(ProgressStoreError) -> Int64 {
        try checkMayWrite()
        let trainee = self.trainee
        return try server.transaction { (transaction) throws(ProgressStoreError) -> Int64 in
            try Self.ensureTrainee(trainee, in: transaction)
            return try Self.insert(attempt, trainee: trainee, in: transaction).id
        }
    }

    /// How many records an import added, and how many were there already.
    public struct ImportCount: Sendable, Equatable {
        public var answersAdded = 0
        public var answersPresent = 0
        public var attemptsAdded = 0
        public var attemptsPresent = 0
        public var statesUpdated = 0
    }

    /// Adds `records` to the store's trainee in one transaction, skipping any already there: running
    /// it twice adds nothing the second time. A scheduler state replaces the stored one only when newer.
    public func importRecords(
        answers: [QuizAnswerRecord], states: [ReviewStateRecord], attempts: [RolePlayAttemptRecord]
    ) throws(ProgressStoreError) -> ImportCount {
        let trainee = self.trainee
        return try server.transaction { (transaction) throws(ProgressStoreError) -> ImportCount in
            var count = ImportCount()
            try Self.ensureTrainee(trainee, in: transaction)
            for answer in answers {
                if try Self.insert(answer, trainee: trainee, in: transaction) {
                    count.answersAdded += 1
                } else {
                    count.answersPresent += 1
                }
            }
            for state in states {
                if try Self.upsert(state, trainee: trainee, onlyIfNewer: true, in: transaction) { count.statesUpdated += 1 }
            }
            for attempt in attempts {
                if try Self.insert(attempt, trainee: trainee, in: transaction).added {
                    count.attemptsAdded += 1
                } else {
                    count.attemptsPresent += 1
                }
            }
            return count
        }
    }

    private static func ensureTrainee(_ name: String, in transaction: ServerConnection.Transaction) throws(ProgressStoreError) {
        try transaction.query("INSERT INTO frontline.trainee (name) VALUES (\(name)) ON CONFLICT (name) DO NOTHING")
    }

    /// Inserts `answer` unless it is stored already; returns whether it was added.
    @discardableResult
    private static func insert(_ answer: QuizAnswerRecord, trainee: String, in transaction: ServerConnection.Transaction)
        throws(ProgressStoreError) -> Bool
    {
        let rating = min(4, max(1, answer.rating))
        let result = try transaction.query(
            """
            INSERT INTO frontline.quiz_answer
                (trainee, question_id, competency, article_id, response, is_correct, rating, answered_at)
            VALUES (\(trainee), \(answer.questionID), \(answer.competency), \(answer.articleID), \(answer.response),
                    \(answer.isCorrect), \(rating)::smallint, \(answer.answeredAt))
            ON CONFLICT (trainee, question_id, answered_at) DO NOTHING
            """)
        return (result.metadata.rows ?? 0) > 0
    }

    /// Stores `state`, replacing the stored one (only when `state` is newer, with `onlyIfNewer`);
    /// returns whether a row was written.
    @discardableResult
    private static func upsert(
        _ state: ReviewStateRecord, trainee: String, onlyIfNewer: Bool, in transaction: ServerConnection.Transaction
    ) throws(ProgressStoreError) -> Bool {
        let result = try transaction.query(
            """
            INSERT INTO frontline.review_state AS stored
                (trainee, question_id, stability, difficulty, due_at, last_review_at, review_count, lapse_count)
            VALUES (\(trainee), \(state.questionID), \(state.stability), \(state.difficulty), \(state.dueAt),
                    \(state.lastReviewAt), \(state.reviewCount)::integer, \(state.lapseCount)::integer)
            ON CONFLICT (trainee, question_id) DO UPDATE SET
                stability = excluded.stability, difficulty = excluded.difficulty, due_at = excluded.due_at,
                last_review_at = excluded.last_review_at, review_count = excluded.review_count,
                lapse_count = excluded.lapse_count
            WHERE NOT \(onlyIfNewer) OR excluded.last_review_at > stored.last_review_at
            """)
        return (result.metadata.rows ?? 0) > 0
    }

    /// Inserts `attempt` unless it is stored already; returns its id and whether it was added.
    private static func insert(
        _ attempt: RolePlayAttemptRecord, trainee: String, in transaction: ServerConnection.Transaction
    ) throws(ProgressStoreError) -> (id: Int64, added: Bool) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        let inserted = try transaction.query(
            """
            INSERT INTO frontline.roleplay_attempt
                (trainee, scenario_id, mode, outcome, overall, status, passed, started_at, ended_at,
                 competency_scores, step_scores, transcript)
            VALUES (\(trainee), \(attempt.scenarioID), \(attempt.mode), \(attempt.outcome), \(attempt.overall),
                    \(attempt.status.rawValue), \(attempt.passed), \(attempt.startedAt), \(attempt.endedAt),
                    \(json(attempt.competencyScores))::jsonb, \(json(attempt.stepScores))::jsonb,
                    \(json(attempt.transcript))::jsonb)
            ON CONFLICT (trainee, scenario_id, started_at) DO NOTHING
            RETURNING id
            """)
        if let row = inserted.first, let id = try? row.decode(Int64.self) { return (id, true) }
        let existing = try transaction.query(
            """
            SELECT id FROM frontline.roleplay_attempt
            WHERE trainee = \(trainee) AND scenario_id = \(attempt.scenarioID) AND started_at = \(attempt.startedAt)
            """)
        guard let row = existing.first, let id = try? row.decode(Int64.self) else {
            throw .storage(path: transaction.location, detail: "the attempt was neither stored nor found")
        }
        return (id, false)
    }

    // MARK: Reading

    public func reviewStates(trainee: String?) throws(ProgressStoreError) -> [String: ReviewStateRecord] {
        let name = trainee ?? self.trainee
        let rows = try server.query(
            """
            SELECT question_id, stability, difficulty, due_at, last_review_at, review_count, lapse_count
            FROM frontline.review_state WHERE trainee = \(name)
            """)
        var states: [String: ReviewStateRecord] = [:]
        for row in rows {
            let (question, stability, difficulty, due, last, reviews, lapses) = try decoding {
                try row.decode((String, Double, Double, Date, Date, Int, Int).self)
            }
            states[question] = ReviewStateRecord(
                questionID: question, stability: stability, difficulty: difficulty, dueAt: due, lastReviewAt: last,
                reviewCount: reviews, lapseCount: lapses)
        }
        return states
    }

    public func quizAnswers(trainee: String?) throws(ProgressStoreError) -> [QuizAnswerRecord] {
        let name = trainee ?? self.trainee
        let rows = try server.query(
            """
            SELECT question_id, competency, article_id, response, is_correct, rating::integer, answered_at
            FROM frontline.quiz_answer WHERE trainee = \(name) ORDER BY answered_at, id
            """)
        var answers: [QuizAnswerRecord] = []
        for row in rows {
            let (question, competency, article, response, isCorrect, rating, answeredAt) = try decoding {
                try row.decode((String, String, String?, String, Bool, Int, Date).self)
            }
            answers.append(
                QuizAnswerRecord(
                    questionID: question, competency: competency, articleID: article, response: response, isCorrect: isCorrect,
                    rating: rating, answeredAt: answeredAt))
        }
        return answers
    }

    public func rolePlayAttempts(trainee: String?) throws(ProgressStoreError) -> [RolePlayAttemptRecord] {
        let name = trainee ?? self.trainee
        let rows = try server.query(
            """
            SELECT id, scenario_id, mode, outcome, overall, status, passed, started_at, ended_at,
                   competency_scores::text, step_scores::text, transcript::text
            FROM frontline.roleplay_attempt WHERE trainee = \(name) ORDER BY ended_at, id
            """)
        let decoder = JSONDecoder()
        func parse<T: Decodable>(_ text: String, as type: T.Type, or fallback: T) -> T {
            (try? decoder.decode(type, from: Data(text.utf8))) ?? fallback
        }
        var attempts: [RolePlayAttemptRecord] = []
        for row in rows {
            let (id, scenario, mode, outcome, overall, status, passed, started, ended, competencies, steps, transcript) =
                try decoding {
                    try row.decode((Int64, String, String, String?, Double, String, Bool?, Date, Date, String, String, String).self)
                }
            attempts.append(
                RolePlayAttemptRecord(
                    id: id, scenarioID: scenario, mode: mode, outcome: outcome, overall: overall,
                    competencyScores: parse(competencies, as: [String: Double].self, or: [:]),
                    stepScores: parse(steps, as: [RolePlayAttemptRecord.StepScore].self, or: []),
                    transcript: parse(transcript, as: [RolePlayAttemptRecord.Turn].self, or: []),
                    status: RolePlayAttemptRecord.Status(rawValue: status) ?? .abandoned, startedAt: started, endedAt: ended,
                    passed: passed))
        }
        return attempts
    }

    public func trainees() throws(ProgressStoreError) -> [String] {
        try server.query("SELECT name FROM frontline.trainee ORDER BY name").map { row throws(ProgressStoreError) in
            try decoding { try row.decode(String.self) }
        }
    }

    public func schemaVersion() throws(ProgressStoreError) -> Int {
        let rows = try server.query("SELECT count(*)::integer FROM frontline.schema_migration")
        guard let row = rows.first else { return 0 }
        return try decoding { try row.decode(Int.self) }
    }

    /// Runs `body`, which decodes a row: a column of an unexpected type becomes a storage error.
    private func decoding<T>(_ body: () throws -> T) throws(ProgressStoreError) -> T {
        do {
            return try body()
        } catch {
            throw .storage(path: location, detail: "a row did not have the expected columns (\(error))")
        }
    }
}
