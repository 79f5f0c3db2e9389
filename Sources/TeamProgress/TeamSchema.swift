import Foundation
import PostgresNIO
import Progress

/// The team database's tables, roles and row-level security, in the schema `frontline`.
///
/// Two group roles hold the rights: members of `frontline_trainee` read and write only rows whose
/// `trainee` is their own login (`session_user`, which `SET ROLE` cannot change); members of
/// `frontline_trainer` read every row. The administrator who runs `frontline team init` owns the
/// tables. Migrations are applied in order and recorded in `frontline.schema_migration`; a shipped
/// migration is never edited, a new one is added.
public enum TeamSchema {
    /// The group role of trainees.
    public static let traineeGroup = "frontline_trainee"
    /// The group role of trainers.
    public static let trainerGroup = "frontline_trainer"

    /// The migrations, oldest first: a name and its statements.
    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1-team-progress",
            [
                """
                CREATE TABLE frontline.trainee (
                    name text PRIMARY KEY DEFAULT session_user,
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE frontline.quiz_answer (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    trainee text NOT NULL DEFAULT session_user REFERENCES frontline.trainee(name),
                    question_id text NOT NULL,
                    competency text NOT NULL,
                    article_id text,
                    response text NOT NULL,
                    is_correct boolean NOT NULL,
                    rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 4),
                    answered_at timestamptz NOT NULL,
                    UNIQUE (trainee, question_id, answered_at)
                )
                """,
                """
                CREATE TABLE frontline.review_state (
                    trainee text NOT NULL DEFAULT session_user REFERENCES frontline.trainee(name),
                    question_id text NOT NULL,
                    stability double precision NOT NULL,
                    difficulty double precision NOT NULL,
                    due_at timestamptz NOT NULL,
                    last_review_at timestamptz NOT NULL,
                    review_count integer NOT NULL,
                    lapse_count integer NOT NULL,
                    PRIMARY KEY (trainee, question_id)
                )
                """,
                """
                CREATE TABLE frontline.roleplay_attempt (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    trainee text NOT NULL DEFAULT session_user REFERENCES frontline.trainee(name),
                    scenario_id text NOT NULL,
                    mode text NOT NULL,
                    outcome text,
                    overall double precision NOT NULL,
                    status text NOT NULL CHECK (status IN ('finished', 'abandoned')),
                    passed boolean,
                    started_at timestamptz NOT NULL,
                    ended_at timestamptz NOT NULL,
                    competency_scores jsonb NOT NULL,
                    step_scores jsonb NOT NULL,
                    transcript jsonb NOT NULL,
                    UNIQUE (trainee, scenario_id, started_at)
                )
                """,
                "CREATE INDEX roleplay_attempt_by_trainee ON frontline.roleplay_attempt (trainee, ended_at)",
                "CREATE INDEX quiz_answer_by_trainee ON frontline.quiz_answer (trainee, answered_at)",
                "GRANT SELECT, INSERT ON frontline.trainee, frontline.quiz_answer, frontline.roleplay_attempt TO frontline_trainee, frontline_trainer",
                "GRANT SELECT, INSERT, UPDATE ON frontline.review_state TO frontline_trainee, frontline_trainer",
                "GRANT SELECT ON frontline.trainee, frontline.quiz_answer, frontline.review_state, frontline.roleplay_attempt TO frontline_trainer",
                "ALTER TABLE frontline.trainee ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE frontline.quiz_answer ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE frontline.review_state ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE frontline.roleplay_attempt ENABLE ROW LEVEL SECURITY",
                """
                CREATE POLICY own_row ON frontline.trainee TO frontline_trainee, frontline_trainer
                    USING (name = session_user) WITH CHECK (name = session_user)
                """,
                """
                CREATE POLICY own_rows ON frontline.quiz_answer TO frontline_trainee, frontline_trainer
                    USING (trainee = session_user) WITH CHECK (trainee = session_user)
                """,
                """
                CREATE POLICY own_rows ON frontline.review_state TO frontline_trainee, frontline_trainer
                    USING (trainee = session_user) WITH CHECK (trainee = session_user)
                """,
                """
                CREATE POLICY own_rows ON frontline.roleplay_attempt TO frontline_trainee, frontline_trainer
                    USING (trainee = session_user) WITH CHECK (trainee = session_user)
                """,
                "CREATE POLICY trainers_read ON frontline.trainee FOR SELECT TO frontline_trainer USING (true)",
                "CREATE POLICY trainers_read ON frontline.quiz_answer FOR SELECT TO frontline_trainer USING (true)",
                "CREATE POLICY trainers_read ON frontline.review_state FOR SELECT TO frontline_trainer USING (true)",
                "CREATE POLICY trainers_read ON frontline.roleplay_attempt FOR SELECT TO frontline_trainer USING (true)",
            ]
        )
    ]

    /// The names of every migration this frontline knows.
    static var migrationNames: [String] { migrations.map(\.name) }

    /// What `frontline team init` did.
    public struct Initialisation: Sendable, Equatable {
        /// The migrations applied now (empty when the database was up to date).
        public var applied: [String]
        /// The group roles created now (empty when they existed).
        public var createdRoles: [String]
    }

    /// Creates or upgrades the team schema, the two group roles and the member-creating function, in
    /// one transaction. Safe to run again and from two administrators at once (an advisory lock
    /// serialises them).
    ///
    /// - Throws: ``ProgressStoreError/newerSchema(path:unknownMigrations:)`` when a newer frontline
    ///   migrated the database (it is then left as it was), or the server's refusal.
    static func initialise(_ server: ServerConnection) throws(ProgressStoreError) -> Initialisation {
        try server.transaction { (transaction) throws(ProgressStoreError) -> Initialisation in
            try transaction.query("SELECT pg_advisory_xact_lock(hashtext('frontline team init'))")
            var created: [String] = []
            for group in [traineeGroup, trainerGroup] {
                let exists = try transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(group)").count > 0
                guard !exists else { continue }
                // Roles belong to the whole cluster: an init of another database may create the same
                // role at the same moment, and then this one finds it made.
                try transaction.query("SAVEPOINT create_role")
                do throws(ProgressStoreError) {
                    try transaction.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(group) NOLOGIN"))
                    try transaction.query("RELEASE SAVEPOINT create_role")
                    created.append(group)
                } catch {
                    try transaction.query("ROLLBACK TO SAVEPOINT create_role")
                    guard try transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(group)").count > 0 else { throw error }
                }
            }
            try transaction.query("CREATE SCHEMA IF NOT EXISTS frontline")
            try transaction.query("GRANT USAGE ON SCHEMA frontline TO frontline_trainee, frontline_trainer")
            try transaction.query(
                """
                CREATE TABLE IF NOT EXISTS frontline.schema_migration (
                    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            try transaction.query("GRANT SELECT ON frontline.schema_migration TO frontline_trainee, frontline_trainer")
            let applied = Set(try appliedMigrations(transaction))
            let unknown = applied.subtracting(migrationNames)
            if !unknown.isEmpty {
                throw .newerSchema(path: server.address.description, unknownMigrations: unknown.sorted())
            }
            var appliedNow: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try transaction.query(PostgresQuery(unsafeSQL: statement)) }
                try transaction.query("INSERT INTO frontline.schema_migration (name) VALUES (\(migration.name))")
                appliedNow.append(migration.name)
            }
            try transaction.query(PostgresQuery(unsafeSQL: createMemberFunction))
            try transaction.query("REVOKE ALL ON FUNCTION frontline.create_member(text, text, text) FROM PUBLIC")
            return Initialisation(applied: appliedNow, createdRoles: created)
        }
    }

    /// Creates (or re-passwords) a login role in a frontline group. Role names and passwords cannot be
    /// bound as parameters in `CREATE ROLE`, so the server quotes them itself with `format`'s `%I`
    /// and `%L`; the password arrives already hashed (a SCRAM verifier), never in clear.
    private static let createMemberFunction = """
        CREATE OR REPLACE FUNCTION frontline.create_member(member text, verifier text, team_group text)
        RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF team_group NOT IN ('frontline_trainee', 'frontline_trainer') THEN
                RAISE EXCEPTION 'unknown frontline group %', team_group;
            END IF;
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = member) THEN
                EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', member, verifier);
            ELSE
                EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', member, verifier);
            END IF;
            EXECUTE format('GRANT %I TO %I', team_group, member);
        END
        $$
        """

    /// The names of the migrations recorded in the database.
    static func appliedMigrations(_ transaction: ServerConnection.Transaction) throws(ProgressStoreError) -> [String] {
        do {
            return try transaction.query("SELECT name FROM frontline.schema_migration ORDER BY applied_at, name").map {
                try $0.decode(String.self)
            }
        } catch let error as ProgressStoreError {
            throw error
        } catch {
            throw .storage(path: transaction.location, detail: "unreadable schema_migration table: \(error)")
        }
    }
}
