import Foundation
import PostgresNIO
import Progress
import TestSupport
import Testing

@testable import TeamProgress

/// The team database on a real PostgreSQL server (started by scripts/test-postgres): schema,
/// roles, row-level security, and the store's records. Each test has its own database.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs scripts/test-postgres"))
struct TeamDatabaseTests {
    let server = PostgresTestServer.shared!
    let database: String

    init() throws {
        database = try server.createDatabase()
    }

    func address(_ user: String = "postgres", password: String? = nil) throws -> ServerAddress {
        try ServerAddress(url: server.url(user: user, database: database), environment: ["PGPASSWORD": password ?? server.adminPassword])
    }

    /// Initialises the database and adds `trainees` and `trainers`, each with the password `NAME-password`.
    func team(trainees: [String], trainers: [String] = []) throws -> TeamAdministration {
        let administration = try TeamAdministration(address: address())
        _ = try administration.initialise()
        for name in trainees { _ = try administration.addMember(name, password: name + "-password", group: TeamSchema.traineeGroup) }
        for name in trainers { _ = try administration.addMember(name, password: name + "-password", group: TeamSchema.trainerGroup) }
        return administration
    }

    func store(_ name: String, trainee: String? = nil) throws -> PostgresProgressStore {
        try PostgresProgressStore(address: address(name, password: name + "-password"), trainee: trainee)
    }

    static func answer(_ question: String, at seconds: Double, correct: Bool = true) -> (QuizAnswerRecord, ReviewStateRecord) {
        let date = Date(timeIntervalSince1970: 1_800_000_000 + seconds)
        return (
            QuizAnswerRecord(
                questionID: question, competency: "refunds-and-orders", articleID: "refunds", response: "thirty days", isCorrect: correct,
                rating: correct ? 3 : 1, answeredAt: date),
            ReviewStateRecord(
                questionID: question, stability: 2.5, difficulty: 5.25, dueAt: date.addingTimeInterval(86_400), lastReviewAt: date,
                reviewCount: 1, lapseCount: 0)
        )
    }

    static let attempt = RolePlayAttemptRecord(
        scenarioID: "delivery-delay-phone", mode: "certification", outcome: "resolved", overall: 0.82,
        competencyScores: ["empathy": 0.9, "refunds-and-orders": 0.75],
        stepScores: [.init(stepID: "greet", score: 1), .init(stepID: "refund", score: 0.5)],
        transcript: [
            .init(speaker: "customer", text: "Where's my parcel?", stepID: "greet"),
            .init(speaker: "agent", text: "Let me check — ünïcode."),
        ],
        status: .finished, startedAt: Date(timeIntervalSince1970: 1_800_000_100.25), endedAt: Date(timeIntervalSince1970: 1_800_000_400.5),
        passed: true)

    @Test func initialisationIsIdempotentAndANewerSchemaIsRefusedUntouched() throws {
        let administration = try TeamAdministration(address: address())
        let first = try administration.initialise()
        #expect(first.applied == ["v1-team-progress"])
        let second = try administration.initialise()
        #expect(second == TeamSchema.Initialisation(applied: [], createdRoles: []))
        // A newer frontline's migration: init refuses and changes nothing, a store refuses to open.
        try server.psql("INSERT INTO frontline.schema_migration (name) VALUES ('v9-from-the-future')", database: database)
        #expect(throws: ProgressStoreError.newerSchema(path: try address().description, unknownMigrations: ["v9-from-the-future"])) {
            try administration.initialise()
        }
        #expect(throws: ProgressStoreError.newerSchema(path: try address().description, unknownMigrations: ["v9-from-the-future"])) {
            try PostgresProgressStore(address: address())
        }
        #expect(try server.psql("SELECT count(*) FROM frontline.schema_migration", database: database) == "2")
    }

    @Test func aDatabaseWithoutTheSchemaOrWithAnOlderOneSaysWhatToRun() throws {
        #expect(throws: ProgressStoreError.notInitialised(path: try address().description)) {
            try PostgresProgressStore(address: address())
        }
        _ = try team(trainees: [])
        try server.psql("DELETE FROM frontline.schema_migration", database: database)
        let error = #expect(throws: ProgressStoreError.self) { try PostgresProgressStore(address: address()) }
        #expect(error?.description.contains("an administrator runs `frontline team init --data URL` to upgrade it") == true)
    }

    @Test func recordsComeBackAsTheyWereStored() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        _ = try team(trainees: [ana])
        let store = try store(ana)
        #expect(store.trainee == ana)
        #expect(!store.readsEveryone)
        let (first, firstState) = Self.answer("returns-window", at: 0.123456)
        let (second, secondState) = Self.answer("returns-fee", at: 60, correct: false)
        try store.record(first, state: firstState)
        try store.record(second, state: secondState)
        let id = try store.record(Self.attempt)
        var practice = Self.attempt
        practice.startedAt = practice.startedAt.addingTimeInterval(1000)
        practice.passed = nil
        practice.outcome = nil
        practice.status = .abandoned
        try store.record(practice)
        #expect(try store.quizAnswers() == [first, second])
        #expect(try store.reviewStates() == ["returns-window": firstState, "returns-fee": secondState])
        var expected = Self.attempt
        expected.id = id
        let attempts = try store.rolePlayAttempts()
        #expect(attempts.count == 2)
        #expect(attempts.first == expected)
        #expect(attempts.last?.passed == nil)
        #expect(attempts.last?.status == .abandoned)
        #expect(try store.trainees() == [ana])
        #expect(try store.schemaVersion() == 1)
        // The same answer and attempt sent again (a retry after a lost acknowledgement) are stored once.
        try store.record(first, state: firstState)
        #expect(try store.record(Self.attempt) == id)
        #expect(try store.quizAnswers().count == 2)
        #expect(try store.rolePlayAttempts().count == 2)
        // A newer state replaces the older one.
        var later = firstState
        later.reviewCount = 2
        later.lastReviewAt = later.lastReviewAt.addingTimeInterval(3600)
        try store.record(Self.answer("returns-window", at: 3600).0, state: later)
        #expect(try store.reviewStates()["returns-window"] == later)
    }

    @Test func aTraineeSeesAndChangesOnlyTheirOwnRecordsEvenWithHandWrittenSQL() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        let ben = PostgresTestServer.uniqueName("ben")
        _ = try team(trainees: [ana, ben])
        let anaStore = try store(ana)
        let benStore = try store(ben)
        let (answer, state) = Self.answer("returns-window", at: 0)
        try anaStore.record(answer, state: state)
        try anaStore.record(Self.attempt)
        try benStore.record(Self.answer("returns-fee", at: 5).0, state: Self.answer("returns-fee", at: 5).1)
        // Through the API.
        #expect(try benStore.quizAnswers(trainee: ana).isEmpty)
        #expect(try benStore.rolePlayAttempts(trainee: ana).isEmpty)
        #expect(try benStore.reviewStates(trainee: ana).isEmpty)
        #expect(try benStore.trainees() == [ben])
        #expect(throws: ProgressStoreError.traineeMismatch(connectedAs: ben, requested: ana)) { try store(ben, trainee: ana) }
        // Through ben's own connection, by hand.
        let sql = benStore.server
        let visible = try sql.query("SELECT trainee FROM frontline.quiz_answer").map { try $0.decode(String.self) }
        #expect(visible == [ben])
        #expect(try sql.query("SELECT count(*)::integer FROM frontline.roleplay_attempt").first?.decode(Int.self) == 0)
        #expect(try sql.query("UPDATE frontline.review_state SET stability = 0 WHERE trainee = \(ana)").metadata.rows == 0)
        for statement: PostgresQuery in [
            "UPDATE frontline.quiz_answer SET response = 'changed' WHERE trainee = \(ana)",
            "DELETE FROM frontline.quiz_answer WHERE trainee = \(ana)",
            "DELETE FROM frontline.roleplay_attempt",
            "DELETE FROM frontline.review_state",
            "SET ROLE \(unescaped: ana)",
            "SET ROLE frontline_trainer",
            "ALTER TABLE frontline.quiz_answer DISABLE ROW LEVEL SECURITY",
        ] {
            #expect(throws: ProgressStoreError.self, "\(statement.sql)") { try sql.query(statement) }
        }
        let forged = #expect(throws: ProgressStoreError.self) {
            try sql.query(
                """
                INSERT INTO frontline.quiz_answer (trainee, question_id, competency, response, is_correct, rating, answered_at)
                VALUES (\(ana), 'forged', 'x', 'x', true, 4, now())
                """)
        }
        #expect(forged?.description.contains("row-level security") == true)
        // Ana's records are exactly as she left them.
        #expect(try anaStore.quizAnswers() == [answer])
        #expect(try anaStore.reviewStates() == ["returns-window": state])
        #expect(try anaStore.rolePlayAttempts().count == 1)
    }

    @Test func aTrainerReadsEveryTraineeButWritesNoOnesRecords() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        let ben = PostgresTestServer.uniqueName("ben")
        let tom = PostgresTestServer.uniqueName("tom")
        _ = try team(trainees: [ana, ben], trainers: [tom])
        try store(ana).record(Self.answer("q1", at: 0).0, state: Self.answer("q1", at: 0).1)
        try store(ben).record(Self.attempt)
        let trainer = try store(tom)
        #expect(trainer.readsEveryone)
        #expect(try trainer.trainees() == [ana, ben].sorted())
        #expect(try trainer.quizAnswers(trainee: ana).count == 1)
        #expect(try trainer.rolePlayAttempts(trainee: ben).count == 1)
        let onBehalf = try store(tom, trainee: ana)
        #expect(onBehalf.trainee == ana)
        let refused = #expect(throws: ProgressStoreError.self) {
            try onBehalf.record(Self.answer("q2", at: 9).0, state: Self.answer("q2", at: 9).1)
        }
        #expect(refused?.description.contains("\(tom) may read \(ana)'s records but not add to them") == true)
        // Not even with the check above out of the way: the server's policies refuse it too.
        #expect(throws: ProgressStoreError.self) {
            try trainer.server.query(
                "INSERT INTO frontline.trainee (name) VALUES (\(PostgresTestServer.uniqueName("someone")))")
        }
        #expect(throws: ProgressStoreError.self) { try trainer.server.query("DELETE FROM frontline.quiz_answer") }
        #expect(try trainer.quizAnswers(trainee: ana).count == 1)
    }

    @Test func membersAreAddedSafely() throws {
        let administration = try team(trainees: [])
        let ana = PostgresTestServer.uniqueName("ana")
        #expect(try administration.addMember(ana, password: "first-password", group: TeamSchema.traineeGroup) == .created)
        #expect(try administration.addMember(ana, password: "second-password", group: TeamSchema.traineeGroup) == .passwordChanged)
        #expect(throws: ProgressStoreError.self) { try store(ana) }  // the old password no longer works
        #expect(try PostgresProgressStore(address: address(ana, password: "second-password")).trainee == ana)
        // Never an existing role of another kind, a trainer as a trainee, or a reserved or odd name.
        #expect(throws: TeamAdministration.MemberError.roleExists("postgres", group: TeamSchema.traineeGroup)) {
            try administration.addMember("postgres", password: "whatever-1", group: TeamSchema.traineeGroup)
        }
        #expect(throws: TeamAdministration.MemberError.roleExists(ana, group: TeamSchema.trainerGroup)) {
            try administration.addMember(ana, password: "whatever-1", group: TeamSchema.trainerGroup)
        }
        #expect(throws: TeamAdministration.MemberError.self) {
            try administration.addMember("pg_monitor2", password: "whatever-1", group: TeamSchema.traineeGroup)
        }
        #expect(throws: TeamAdministration.MemberError.weakPassword(minimum: 8)) {
            try administration.addMember(ana + "x", password: "short", group: TeamSchema.traineeGroup)
        }
        // A name with quotes and spaces is a name, not SQL.
        let odd = PostgresTestServer.uniqueName("o'brien \"x\"; DROP TABLE frontline.trainee")
        #expect(try administration.addMember(odd, password: "odd-password", group: TeamSchema.traineeGroup) == .created)
        #expect(
            try PostgresProgressStore(
                address: address(odd.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, password: "odd-password")
            ).trainee == odd)
        #expect(try server.psql("SELECT count(*) FROM frontline.trainee", database: database) == "0")
        // The password was sent hashed: the server holds a SCRAM verifier, never the clear text.
        let stored = try server.psql("SELECT rolpassword FROM pg_authid WHERE rolname = '\(ana)'")
        #expect(stored.hasPrefix("SCRAM-SHA-256$4096:"))
        #expect(!stored.contains("second-password"))
    }

    @Test func aWrongPasswordIsRefusedWithoutRepeatingIt() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        _ = try team(trainees: [ana])
        let error = #expect(throws: ProgressStoreError.self) {
            try PostgresProgressStore(address: address(ana, password: "guessed-wrong"))
        }
        #expect(error?.description.contains("password authentication failed for user \"\(ana)\"") == true)
        #expect(error?.description.contains("guessed-wrong") == false)
        let unreachable = #expect(throws: ProgressStoreError.self) {
            try PostgresProgressStore(address: ServerAddress(url: "postgresql://\(ana):secret-x@127.0.0.1:1/\(database)", environment: [:]))
        }
        #expect(unreachable?.description.contains("cannot reach the progress server 'postgresql://\(ana)@127.0.0.1:1/") == true)
        #expect(unreachable?.description.contains("secret-x") == false)
    }

    @Test func anImportAddsEachRecordOnce() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        _ = try team(trainees: [ana])
        let importer = try PostgresProgressStore(address: address(), trainee: ana)
        let answers = (0..<5).map { Self.answer("q\($0)", at: Double($0)) }
        let first = try importer.importRecords(answers: answers.map(\.0), states: answers.map(\.1), attempts: [Self.attempt])
        #expect(first == .init(answersAdded: 5, answersPresent: 0, attemptsAdded: 1, attemptsPresent: 0, statesUpdated: 5))
        let again = try importer.importRecords(answers: answers.map(\.0), states: answers.map(\.1), attempts: [Self.attempt])
        #expect(again == .init(answersAdded: 0, answersPresent: 5, attemptsAdded: 0, attemptsPresent: 1, statesUpdated: 0))
        let mine = try store(ana)
        #expect(try mine.quizAnswers().count == 5)
        #expect(try mine.rolePlayAttempts().count == 1)
    }
}
