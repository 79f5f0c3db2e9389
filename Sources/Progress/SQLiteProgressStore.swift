import Foundation
import GRDB

/// Trainee progress in one SQLite file: quiz answers, scheduler state and role-play attempts.
///
/// Safe for several processes at once: the database runs in WAL mode with a busy timeout, and every
/// write is one immediate transaction, so a crash loses at most the write in flight. Opening never
/// overwrites a file that is not a healthy frontline database of a known schema: it throws a
/// ``ProgressStoreError`` instead.
public final class SQLiteProgressStore: ProgressStore {
    /// The database file.
    public let url: URL
    /// The database file's path.
    public var location: String { url.path }
    /// The trainee whose progress ``record(_:)`` and the queries without a `trainee:` argument use.
    public let trainee: String
    let pool: DatabasePool

    /// Marks the file as frontline's in the SQLite header (`PRAGMA application_id`): "FLPG".
    static let applicationID: Int32 = 0x464C_5047

    /// How long a write waits for another process's transaction before failing.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating when missing) the database at `url` for `trainee`, applying any pending migrations.
    ///
    /// - Throws: ``ProgressStoreError`` when the file is not SQLite, is damaged, is read-only, belongs
    ///   to another program or to a newer frontline. The file is then left as it was.
    public init(url: URL, trainee: String) throws(ProgressStoreError) {
        self.url = url
        self.trainee = trainee
        let path = url.path
        try Self.checkFile(at: url)
        // Two processes opening a new database at once would both try to create the schema: hold an
        // exclusive lock on the folder while the file is examined and migrated.
        let folderLock = Self.lockFolder(of: url)
        defer { Self.unlock(folderLock) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "frontline-progress"
        // An existing file is examined through a read-only connection first, so that a foreign or
        // newer database is not even switched to WAL mode.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(Self.busyTimeout)
            do {
                let queue = try DatabaseQueue(path: path, configuration: readOnly)
                try queue.read { db in try Self.verify(db, path: path) }
                try queue.close()
            } catch {
                throw Self.translate(error, path: path)
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.translate(error, path: path)
        }
        do {
            try pool.read { db in try Self.verify(db, path: path) }
            try Self.migrator.migrate(pool)
        } catch let error as ProgressStoreError {
            throw error
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// Takes an exclusive advisory lock on the database's folder, waiting for other frontline processes.
    /// Returns the descriptor to unlock, or -1 when the folder cannot be locked (then nothing waits).
    private static func lockFolder(of url: URL) -> Int32 {
        let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return -1 }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR {
                close(descriptor)
                return -1
            }
        }
        return descriptor
    }

    private static func unlock(_ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Looks at the file before SQLite does: a non-empty file must start with the SQLite header, and
    /// an existing file and its folder must be writable.
    private static func checkFile(at url: URL) throws(ProgressStoreError) {
        let manager = FileManager.default
        let folder = url.deletingLastPathComponent()
        do {
            // Trainee records are personal: a folder frontline creates is readable by its owner only.
            if !manager.fileExists(atPath: folder.path) {
                try manager.createDirectory(
                    at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw .cannotCreateFolder(path: folder.path, reason: (error as NSError).localizedDescription)
        }
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            if access(folder.path, W_OK) != 0 { throw .readOnly(path: url.path) }
            return
        }
        if isDirectory.boolValue { throw .notADatabase(path: url.path) }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw .readOnly(path: url.path) }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if !header.isEmpty, header != Data("SQLite format 3\0".utf8) { throw .notADatabase(path: url.path) }
        if access(url.path, W_OK) != 0 || access(folder.path, W_OK) != 0 { throw .readOnly(path: url.path) }
    }

    /// Refuses damaged, foreign and newer databases before anything is written.
    private static func verify(_ db: Database, path: String) throws {
        let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
        if check != ["ok"] { throw ProgressStoreError.corrupt(path: path, detail: check.prefix(3).joined(separator: "; ")) }
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if applicationID != 0 && applicationID != Self.applicationID { throw ProgressStoreError.foreignDatabase(path: path) }
        if applicationID == 0 && !tables.isEmpty { throw ProgressStoreError.foreignDatabase(path: path) }
        if try migrator.hasBeenSuperseded(db) {
            let known = Set(migrator.migrations)
            let unknown = try migrator.appliedIdentifiers(db).subtracting(known)
            throw ProgressStoreError.newerSchema(path: path, unknownMigrations: Array(unknown))
        }
    }

    static func translate(_ error: any Error, path: String) -> ProgressStoreError {
        if let error = error as? ProgressStoreError { return error }
        guard let error = error as? DatabaseError else { return .storage(path: path, detail: "\(error)") }
        switch error.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path, detail: error.message ?? "damaged pages")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN: return .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .storage(path: path, detail: "another frontline kept the database busy for over \(Int(busyTimeout)) seconds; try again")
        case .SQLITE_FULL: return .storage(path: path, detail: "the disk is full; free some space and try again")
        default: return .storage(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one immediate transaction (it takes the write lock at once, so two processes
    /// queue on the busy timeout instead of failing on an upgraded lock).
    func write<T>(_ body: (Database) throws -> T) throws(ProgressStoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw Self.translate(error, path: url.path)
        }
    }

    /// Runs a read-only `body` on a snapshot.
    func read<T>(_ body: (Database) throws -> T) throws(ProgressStoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.translate(error, path: url.path)
        }
    }

    /// The row id of `name`, creating the trainee when new.
    static func traineeID(_ name: String, in db: Database, createdAt: Date) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM trainee WHERE name = ?", arguments: [name]) { return id }
        try db.execute(
            sql: "INSERT INTO trainee (name, created_at) VALUES (?, ?)",
            arguments: [name, createdAt.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    /// Every trainee with a record, by name.
    public func trainees() throws(ProgressStoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM trainee ORDER BY name") }
    }

    /// The number of migrations applied: the schema version of the file.
    public func schemaVersion() throws(ProgressStoreError) -> Int {
        try read { db in try Self.migrator.appliedMigrations(db).count }
    }
}
