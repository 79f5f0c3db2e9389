import CSQLite
import Foundation
import KnowledgeBase

/// The same sections in an in-memory SQLite FTS5 table (`porter unicode61`, `bm25()` ranking, OR of
/// the query's terms, a prefix on the last term), for comparison.
final class FTS5Index {
    private var database: OpaquePointer?
    private var query: OpaquePointer?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        guard sqlite3_open(":memory:", &database) == SQLITE_OK else {
            throw Failure(description: "cannot open an in-memory SQLite database")
        }
        try execute("CREATE VIRTUAL TABLE sections USING fts5(title, headings, body, tokenize='porter unicode61')")
    }

    deinit {
        sqlite3_finalize(query)
        sqlite3_close(database)
    }

    private func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(database, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw Failure(description: "sqlite: \(text)")
        }
    }

    /// Inserts every section of every article in one transaction.
    func add(_ articles: [Article]) throws {
        try execute("BEGIN")
        var insert: OpaquePointer?
        guard sqlite3_prepare_v2(database, "INSERT INTO sections(title, headings, body) VALUES (?, ?, ?)", -1, &insert, nil) == SQLITE_OK
        else {
            throw Failure(description: "cannot prepare the insert")
        }
        for article in articles {
            for section in article.sections {
                frontline_sqlite3_bind_text_copy(insert, 1, article.title)
                frontline_sqlite3_bind_text_copy(insert, 2, section.headingPath.joined(separator: " "))
                frontline_sqlite3_bind_text_copy(insert, 3, section.text)
                guard sqlite3_step(insert) == SQLITE_DONE else { throw Failure(description: "insert failed") }
                sqlite3_reset(insert)
            }
        }
        sqlite3_finalize(insert)
        try execute("COMMIT")
        let sql =
            "SELECT rowid, bm25(sections, 10.0, 2.5, 1.0), snippet(sections, 2, '[', ']', '…', 30) FROM sections WHERE sections MATCH ? ORDER BY bm25(sections, 10.0, 2.5, 1.0) LIMIT 10"
        guard sqlite3_prepare_v2(database, sql, -1, &query, nil) == SQLITE_OK else {
            throw Failure(description: "cannot prepare the query")
        }
    }

    /// Runs one query; returns the number of rows (top 10 with snippets).
    @discardableResult
    func search(_ text: String) -> Int {
        let words = text.split(separator: " ").map { $0.filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }
        guard !words.isEmpty else { return 0 }
        var terms = words.map { "\"\($0)\"" }
        terms[terms.count - 1] += "*"
        frontline_sqlite3_bind_text_copy(query, 1, terms.joined(separator: " OR "))
        var rows = 0
        while sqlite3_step(query) == SQLITE_ROW {
            _ = sqlite3_column_text(query, 2)
            rows += 1
        }
        sqlite3_reset(query)
        return rows
    }
}
