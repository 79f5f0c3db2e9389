import Foundation
import GRDB
import TestSupport
import Testing

@testable import Progress

@Suite struct ProgressStoreTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func answer(_ question: String, correct: Bool, at offset: TimeInterval = 0) -> QuizAnswerRecord {
        QuizAnswerRecord(
            questionID: question, competency: "policy-accuracy", articleID: "refunds", response: correct ? "30 days" : "2 weeks",
            isCorrect: correct, rating: correct ? 3 : 1, answeredAt: start.addingTimeInterval(offset))
    }

    static func state(_ question: String, stability: Double, at offset: TimeInterval = 0) -> ReviewStateRecord {
        ReviewStateRecord(
            questionID: question, stability: stability, difficulty: 5.3, dueAt: start.addingTimeInterval(offset + stability * 86_400),
            lastReviewAt: start.addingTimeInterval(offset), reviewCount: 1, lapseCount: 0)
    }

    static func attempt(_ scenario: String, overall: Double) -> RolePlayAttemptRecord {
        RolePlayAttemptRecord(
            scenarioID: scenario, mode: "practice", outcome: "resolved", overall: overall,
            competencyScores: ["empathy": 0.8, "de-escalation": 0.5],
            stepScores: [.init(stepID: "open", score: 1), .init(stepID: "refund", score: 0.25)],
            transcript: [
                .init(speaker: "customer", text: "My parcel never came!", stepID: "open"),
                .init(speaker: "agent", text: "I'm sorry — let me check \"right now\".", stepID: "open"),
            ],
            status: .finished, startedAt: start, endedAt: start.addingTimeInterval(300))
    }

    @Test func newDatabaseIsMigratedInWALModeWithFrontlineApplicationID() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        #expect(try store.schemaVersion() == 2)
        let (mode, applicationID) = try store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int32.fetchOne(db, sql: "PRAGMA application_id"))
        }
        #expect(mode == "wal")
        #expect(applicationID == SQLiteProgressStore.applicationID)
    }

    @Test func missingFoldersAreCreated() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("a/b/progress.sqlite")
        _ = try SQLiteProgressStore(url: url, trainee: "ana")
        #expect(FileManager.default.fileExists(atPath: url.path))
        let permissions = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
    }

    @Test func quizAnswersAndLatestStateRoundTripPerTrainee() throws {
        let folder = try TemporaryFolder()
        let ana = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        let ben = try SQLiteProgressStore(url: folder.database, trainee: "ben")
        try ana.record(Self.answer("refunds-window", correct: false), state: Self.state("refunds-window", stability: 0.4))
        try ana.record(Self.answer("refunds-window", correct: true, at: 60), state: Self.state("refunds-window", stability: 3.2, at: 60))
        try ben.record(Self.answer("refunds-window", correct: true), state: Self.state("refunds-window", stability: 3.1))

        let answers = try ana.quizAnswers()
        #expect(answers.map(\.isCorrect) == [false, true])
        #expect(answers.map(\.response) == ["2 weeks", "30 days"])
        #expect(answers.first?.answeredAt == Self.start)
        let states = try ana.reviewStates()
        #expect(states.count == 1)
        #expect(states["refunds-window"]?.stability == 3.2)
        #expect(states["refunds-window"]?.dueAt == Self.start.addingTimeInterval(60 + 3.2 * 86_400))
        #expect(try ben.reviewStates()["refunds-window"]?.stability == 3.1)
        #expect(try ana.trainees() == ["ana", "ben"])
    }

    @Test func rolePlayAttemptRoundTripsWithScoresAndTranscript() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        let first = try store.record(Self.attempt("lost-parcel", overall: 0.7))
        var abandoned = Self.attempt("angry-refund", overall: 0.2)
        abandoned.status = .abandoned
        abandoned.outcome = nil
        abandoned.endedAt = Self.start.addingTimeInterval(600)
        let second = try store.record(abandoned)
        #expect(second > first)

        let attempts = try store.rolePlayAttempts()
        #expect(attempts.count == 2)
        var expected = Self.attempt("lost-parcel", overall: 0.7)
        expected.id = first
        #expect(attempts[0] == expected)
        #expect(attempts[1].status == .abandoned)
        #expect(attempts[1].outcome == nil)
        #expect(try store.rolePlayAttempts(trainee: "nobody").isEmpty)
    }

    @Test func whetherACertificationPassedIsKeptAndOlderDatabasesGainTheColumn() throws {
        let folder = try TemporaryFolder()
        // A database as the first schema left it, with an attempt in it.
        do {
            let pool = try DatabasePool(path: folder.database.path)
            try pool.write { db in try db.execute(sql: "PRAGMA application_id = \(SQLiteProgressStore.applicationID)") }
            try SQLiteProgressStore.migrator.migrate(pool, upTo: "v1-trainees-quizzes-roleplay")
            try pool.write { db in
                try db.execute(sql: "INSERT INTO trainee (name, created_at) VALUES ('ana', 0)")
                try db.execute(
                    sql: """
                        INSERT INTO roleplay_attempt (trainee_id, scenario_id, mode, outcome, overall, status, started_at, ended_at, transcript)
                        VALUES (1, 'old', 'practice', 'resolved', 0.5, 'finished', 0, 60, '[]')
                        """)
            }
        }
        let store = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        #expect(try store.schemaVersion() == 2)
        var passed = Self.attempt("lost-parcel", overall: 0.9)
        passed.mode = "certification"
        passed.passed = true
        try store.record(passed)
        let attempts = try store.rolePlayAttempts()
        #expect(attempts.map(\.scenarioID) == ["old", "lost-parcel"])
        #expect(attempts.map(\.passed) == [nil, true])
    }

    @Test func twoConnectionsWritingAtOnceBothSucceed() throws {
        let folder = try TemporaryFolder()
        let first = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        let second = try SQLiteProgressStore(url: folder.database, trainee: "ben")
        let perStore = 100
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 2 * perStore) { index in
            let store = index % 2 == 0 ? first : second
            do {
                if index % 4 < 2 {
                    try store.record(Self.answer("q\(index)", correct: true), state: Self.state("q\(index)", stability: 1))
                } else {
                    try store.record(Self.attempt("s\(index)", overall: 0.5))
                }
            } catch {
                failures.increment()
            }
        }
        #expect(failures.value == 0)
        let total =
            try first.quizAnswers().count + first.rolePlayAttempts().count
            + second.quizAnswers().count + second.rolePlayAttempts().count
        #expect(total == 2 * perStore)
    }

    @Test func committedAnswersSurviveACrashAndUncommittedOnesVanish() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        try store.record(Self.answer("kept", correct: true), state: Self.state("kept", stability: 2))
        // A second connection starts a transaction and is "killed" mid-way: the files are copied while
        // it is open, as they would be on disk after a crash, without any checkpoint or close.
        let crashed = try DatabaseQueue(path: folder.database.path)
        let copy = folder.url.appendingPathComponent("after-crash")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try crashed.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(
                sql:
                    "INSERT INTO quiz_answer (trainee_id, question_id, competency, response, is_correct, rating, answered_at) VALUES (1, 'lost', 'empathy', 'x', 0, 1, 0)"
            )
            for suffix in ["", "-wal", "-shm"] {
                let source = folder.database.path + suffix
                if FileManager.default.fileExists(atPath: source) {
                    try FileManager.default.copyItem(atPath: source, toPath: copy.appendingPathComponent("progress.sqlite").path + suffix)
                }
            }
            try db.execute(sql: "ROLLBACK")
        }
        let reopened = try SQLiteProgressStore(url: copy.appendingPathComponent("progress.sqlite"), trainee: "ana")
        #expect(try reopened.quizAnswers().map(\.questionID) == ["kept"])
        #expect(try reopened.reviewStates()["kept"]?.stability == 2)
    }

    @Test func fileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        let bytes = Data("these are my notes, not a database\n".utf8)
        try bytes.write(to: folder.database)
        #expect(throws: ProgressStoreError.notADatabase(path: folder.database.path)) {
            try SQLiteProgressStore(url: folder.database, trainee: "ana")
        }
        #expect(try Data(contentsOf: folder.database) == bytes)
    }

    @Test func corruptDatabaseIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        do {
            let store = try SQLiteProgressStore(url: folder.database, trainee: "ana")
            for index in 0..<300 {
                try store.record(Self.answer("q\(index)", correct: true), state: Self.state("q\(index)", stability: 1))
            }
            try store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
        var bytes = try Data(contentsOf: folder.database)
        #expect(bytes.count > 4 * 4096)
        // Scribble over the second and third pages (b-tree pages), keeping the header intact.
        for offset in 4096..<(3 * 4096) { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 31) }
        try bytes.write(to: folder.database)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder.database.path + suffix) }

        var thrown: ProgressStoreError?
        do { _ = try SQLiteProgressStore(url: folder.database, trainee: "ana") } catch { thrown = error }
        switch thrown {
        case .corrupt, .notADatabase: break
        default: Issue.record("expected a corrupt-database error, got \(String(describing: thrown))")
        }
        #expect(try Data(contentsOf: folder.database) == bytes)
    }

    @Test func databaseFromANewerFrontlineIsRefused() throws {
        let folder = try TemporaryFolder()
        do {
            let store = try SQLiteProgressStore(url: folder.database, trainee: "ana")
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-the-future')")
            }
        }
        #expect(throws: ProgressStoreError.newerSchema(path: folder.database.path, unknownMigrations: ["v2-from-the-future"])) {
            try SQLiteProgressStore(url: folder.database, trainee: "ana")
        }
    }

    @Test func sqliteDatabaseOfAnotherProgramIsRefusedAndNotMigrated() throws {
        let folder = try TemporaryFolder()
        do {
            let other = try DatabaseQueue(path: folder.database.path)
            try other.write { db in try db.execute(sql: "CREATE TABLE recipes (name TEXT)") }
        }
        #expect(throws: ProgressStoreError.foreignDatabase(path: folder.database.path)) {
            try SQLiteProgressStore(url: folder.database, trainee: "ana")
        }
        let tables = try DatabaseQueue(path: folder.database.path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["recipes"])
    }

    @Test(.enabled(if: getuid() != 0, "root can write read-only files"))
    func readOnlyDatabaseIsRefusedWithAClearError() throws {
        let folder = try TemporaryFolder()
        _ = try SQLiteProgressStore(url: folder.database, trainee: "ana")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: folder.database.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.database.path) }
        #expect(throws: ProgressStoreError.readOnly(path: folder.database.path)) {
            try SQLiteProgressStore(url: folder.database, trainee: "ana")
        }
    }

    @Test func errorMessagesSayWhatToDo() {
        let message = ProgressStoreError.notADatabase(path: "/data/p.sqlite").description
        #expect(message.contains("'/data/p.sqlite'"))
        #expect(message.contains("--data PATH"))
        #expect(ProgressStoreError.newerSchema(path: "p", unknownMigrations: ["v2"]).description.contains("upgrade frontline"))
    }
}

/// A thread-safe counter for tests that write from many threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
