import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the history file cannot be used. History is then kept for the session only; the file is
/// never overwritten.
public enum HistoryError: Error, CustomStringConvertible, Sendable, Equatable {
    case notText(path: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    /// The message, saying what to do.
    public var description: String {
        switch self {
        case .notText(let path):
            "history file '\(path)' is not a text file; it is left alone and history will not be saved (move it away to start a new one)"
        case .unreadable(let path, let reason):
            "cannot read history file '\(path)': \(reason); history will not be saved this session"
        case .unwritable(let path, let reason):
            "cannot save history to '\(path)': \(reason); check the folder's permissions"
        }
    }
}

/// The persistent command history: one entry a line, capped, without consecutive duplicates.
///
/// Every append takes an exclusive lock (`flock` on a `.lock` file beside the history), re-reads the
/// file, and replaces it through a temporary file and `rename`, so two REPLs at once interleave their
/// entries and a crash never leaves a half-written file.
public struct HistoryStore: Sendable {
    /// The history file.
    public let url: URL
    /// The most entries kept.
    public let capacity: Int

    /// The default number of entries kept.
    public static let defaultCapacity = 1000
    /// Longer entries are not saved (a pasted document is not a command to recall).
    public static let maximumEntryLength = 4096

    /// A store at `url` keeping at most `capacity` entries.
    public init(url: URL, capacity: Int = HistoryStore.defaultCapacity) {
        self.url = url
        self.capacity = max(1, capacity)
    }

    /// `$XDG_STATE_HOME/frontline/history`, else `~/.local/state/frontline/history`; `nil` without a home.
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("frontline/history")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/frontline/history")
    }

    private var lockURL: URL { url.appendingPathExtension("lock") }

    /// The saved entries, oldest first; empty when there is no file yet.
    ///
    /// - Throws: ``HistoryError`` when the file exists but cannot be read or is not text.
    public func load() throws(HistoryError) -> [String] {
        let data: Data
        do {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
            if isDirectory.boolValue { throw HistoryError.notText(path: url.path) }
            data = try Data(contentsOf: url)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError.unreadable(path: url.path, reason: Self.reason(error))
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw HistoryError.notText(path: url.path)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The form an entry is saved in: one line, no control characters; `nil` when it is not saved
    /// (empty, too long, or starting with a space, as in shells).
    public static func normalized(_ entry: String) -> String? {
        guard !entry.hasPrefix(" "), entry.utf8.count <= maximumEntryLength else { return nil }
        let line = TerminalText.sanitized(entry).trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? nil : line
    }

    /// Appends `entry` unless it repeats the last saved one, keeping the newest ``capacity`` entries.
    ///
    /// - Returns: whether the entry was added.
    /// - Throws: ``HistoryError`` when the file cannot be read or written; it is then left untouched.
    /// - Complexity: O(n) in the size of the file.
    @discardableResult
    public func append(_ entry: String) throws(HistoryError) -> Bool {
        guard let line = Self.normalized(entry) else { return false }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw HistoryError.unwritable(path: url.path, reason: Self.reason(error))
        }
        let lock = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw HistoryError.unwritable(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw HistoryError.unwritable(path: url.path, reason: String(cString: strerror(errno))) }
        }
        defer { flock(lock, LOCK_UN) }

        var entries = try load()
        if entries.last == line { return false }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        let text = entries.joined(separator: "\n") + "\n"
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let file = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw HistoryError.unwritable(path: url.path, reason: String(cString: strerror(errno))) }
        var bytes = Array(text.utf8)
        var offset = 0
        var failure: String? = nil
        bytes.withUnsafeMutableBytes { buffer in
            while offset < buffer.count {
                let written = write(file, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(file) != 0 { failure = String(cString: strerror(errno)) }
        close(file)
        if failure == nil, rename(temporary.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary.path)
            throw HistoryError.unwritable(path: url.path, reason: failure)
        }
        return true
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
