import Foundation

/// Why the progress database could not be opened or written. The database is never deleted,
/// overwritten or reset because of one of these.
///
/// For a server, `path` is its URL without the password; no case ever holds a password.
public enum ProgressStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The folder for the database could not be created.
    case cannotCreateFolder(path: String, reason: String)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file is an SQLite database whose pages are damaged.
    case corrupt(path: String, detail: String)
    /// The file (or its folder, which must hold the write-ahead log) cannot be written.
    case readOnly(path: String)
    /// The database was written by a newer frontline, with schema changes this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file is an SQLite database of another program.
    case foreignDatabase(path: String)
    /// Another failure (disk full, I/O error, still busy after the timeout, a server's error).
    case storage(path: String, detail: String)
    /// The `--data` URL cannot be read as a PostgreSQL URL.
    case invalidURL(url: String, reason: String)
    /// No connection to the server could be made.
    case unreachable(path: String, detail: String)
    /// The server refused the login, or the role lacks a privilege.
    case notPermitted(path: String, detail: String)
    /// The connection was lost during a call: the record in flight was not stored, every earlier one is.
    case connectionLost(path: String)
    /// The server's database has no frontline tables yet.
    case notInitialised(path: String)
    /// The server's database is at an older schema than this frontline, which only an administrator may upgrade.
    case olderSchema(path: String, missingMigrations: [String])
    /// `--trainee` names someone other than the role connected to a team database.
    case traineeMismatch(connectedAs: String, requested: String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let path, let reason):
            "cannot create the progress folder '\(path)': \(reason); pass another location with --data PATH or FRONTLINE_DATA"
        case .notADatabase(let path):
            "'\(path)' is not a frontline progress database (not SQLite); it was left untouched — move it away or pass another file with --data PATH"
        case .corrupt(let path, let detail):
            "the progress database '\(path)' is damaged (\(detail)); it was left untouched — restore a backup, or move it away to start afresh"
        case .readOnly(let path):
            "the progress database '\(path)' cannot be written (read-only file or folder); fix its permissions or pass another file with --data PATH"
        case .newerSchema(let path, let unknown):
            "the progress database '\(path)' was written by a newer frontline (schema changes \(unknown.sorted().joined(separator: ", "))); upgrade frontline to use it"
        case .foreignDatabase(let path):
            "'\(path)' is an SQLite database of another program; it was left untouched — pass a frontline progress file with --data PATH"
        case .storage(let path, let detail):
            "the progress database '\(path)' failed: \(detail)"
        case .invalidURL(let url, let reason):
            "cannot read '\(url)' as a PostgreSQL URL: \(reason); write postgresql://USER@HOST[:PORT]/DATABASE"
        case .unreachable(let path, let detail):
            "cannot reach the progress server '\(path)': \(detail); check that it is running and that the host and port are right"
        case .notPermitted(let path, let detail):
            "the progress server '\(path)' refused: \(detail); check the user name and password (PGPASSWORD or ~/.pgpass), or ask your administrator"
        case .connectionLost(let path):
            "the connection to the progress server '\(path)' was lost; this record was not stored, every earlier one is — try again when the server is back"
        case .notInitialised(let path):
            "the database '\(path)' has no frontline tables yet; an administrator runs `frontline team init --data URL` once"
        case .olderSchema(let path, let missing):
            "the database '\(path)' is at an older frontline schema (missing \(missing.joined(separator: ", "))); an administrator runs `frontline team init --data URL` to upgrade it"
        case .traineeMismatch(let connectedAs, let requested):
            "you are connected to the team database as '\(connectedAs)', so your records are theirs; drop --trainee '\(requested)', or connect as that trainee"
        }
    }
}
