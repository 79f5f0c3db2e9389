import Foundation

/// Why the progress database could not be opened or written. The database file is never deleted,
/// overwritten or reset because of one of these.
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
    /// Another SQLite failure (disk full, I/O error, still busy after the timeout).
    case storage(path: String, detail: String)

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
        }
    }
}
