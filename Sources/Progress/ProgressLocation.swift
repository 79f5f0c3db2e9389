import Foundation

/// Where the progress database lives and whose progress it is, from options, environment and defaults.
public enum ProgressLocation {
    /// A progress database: a local SQLite file, or a team's PostgreSQL server.
    public enum Destination: Sendable, Equatable {
        /// An SQLite file.
        case file(URL)
        /// A `postgresql://` or `postgres://` URL, as given.
        case server(String)

        /// The file, or the URL without its password, for messages.
        public var description: String {
            switch self {
            case .file(let url): url.path
            case .server(let url): ProgressLocation.redactingPassword(url)
            }
        }
    }

    /// The database: `--data`, else `FRONTLINE_DATA`, else the default file (see ``databaseURL(option:environment:)``).
    /// A value starting `postgresql://` or `postgres://` names a server.
    public static func destination(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Destination {
        if let value = option ?? nonEmpty(environment["FRONTLINE_DATA"]), isServerURL(value) { return .server(value) }
        return .file(databaseURL(option: option, environment: environment))
    }

    /// Whether `value` is a PostgreSQL connection URL rather than a path.
    public static func isServerURL(_ value: String) -> Bool {
        let lower = value.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// `url` with any password replaced by `***`, so that it can be shown and logged.
    public static func redactingPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// The file name inside the data folder.
    public static let fileName = "progress.sqlite"

    /// The database file: `--data PATH`, else `FRONTLINE_DATA`, else `$XDG_DATA_HOME/frontline/progress.sqlite`,
    /// else `~/.local/share/frontline/progress.sqlite`.
    ///
    /// A `PATH` naming an existing folder means the file `progress.sqlite` inside it.
    public static func databaseURL(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let path = option ?? nonEmpty(environment["FRONTLINE_DATA"]) {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return url.appendingPathComponent(fileName)
            }
            return url
        }
        let base: URL
        if let xdg = nonEmpty(environment["XDG_DATA_HOME"]), xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else {
            let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return base.appendingPathComponent("frontline").appendingPathComponent(fileName)
    }

    /// The trainee: `--trainee NAME`, else the login name (`USER`, then `LOGNAME`), else `trainee`.
    public static func trainee(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let name = option.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }), !name.isEmpty { return name }
        return nonEmpty(environment["USER"]) ?? nonEmpty(environment["LOGNAME"]) ?? "trainee"
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
