import GRDB

extension SQLiteProgressStore {
    /// The schema, one migration per version. Never edit a shipped migration: add a new one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-trainees-quizzes-roleplay") { db in
            try db.execute(sql: "PRAGMA application_id = \(SQLiteProgressStore.applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE trainee (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE quiz_answer (
                        id INTEGER PRIMARY KEY,
                        trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
                        question_id TEXT NOT NULL,
                        competency TEXT NOT NULL,
                        article_id TEXT,
                        response TEXT NOT NULL,
                        is_correct INTEGER NOT NULL CHECK (is_correct IN (0, 1)),
                        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
                        answered_at REAL NOT NULL
                    );
                    CREATE INDEX quiz_answer_by_trainee ON quiz_answer(trainee_id, answered_at);
                    CREATE TABLE review_state (
                        trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
                        question_id TEXT NOT NULL,
                        stability REAL NOT NULL,
                        difficulty REAL NOT NULL,
                        due_at REAL NOT NULL,
                        last_review_at REAL NOT NULL,
                        review_count INTEGER NOT NULL,
                        lapse_count INTEGER NOT NULL,
                        PRIMARY KEY (trainee_id, question_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE roleplay_attempt (
                        id INTEGER PRIMARY KEY,
                        trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
                        scenario_id TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        outcome TEXT,
                        overall REAL NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('finished', 'abandoned')),
                        started_at REAL NOT NULL,
                        ended_at REAL NOT NULL,
                        transcript TEXT NOT NULL
                    );
                    CREATE INDEX roleplay_attempt_by_trainee ON roleplay_attempt(trainee_id, ended_at);
                    CREATE TABLE roleplay_competency_score (
                        attempt_id INTEGER NOT NULL REFERENCES roleplay_attempt(id) ON DELETE CASCADE,
                        competency TEXT NOT NULL,
                        score REAL NOT NULL,
                        PRIMARY KEY (attempt_id, competency)
                    ) WITHOUT ROWID;
                    CREATE TABLE roleplay_step_score (
                        attempt_id INTEGER NOT NULL REFERENCES roleplay_attempt(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        step_id TEXT NOT NULL,
                        score REAL NOT NULL,
                        PRIMARY KEY (attempt_id, position)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2-roleplay-passed") { db in
            // Whether a certification attempt passed (null for practice and for attempts stored before).
            try db.execute(sql: "ALTER TABLE roleplay_attempt ADD COLUMN passed INTEGER")
        }
        return migrator
    }()
}
