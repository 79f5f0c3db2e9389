import Foundation
import Progress

/// Where a team's PostgreSQL server is and how to log in, read from a `postgresql://` URL the way
/// `psql` reads it: what the URL leaves out comes from `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
/// `PGSSLMODE` and `PGPASSWORD`, then from the password file (`PGPASSFILE`, else `~/.pgpass`).
///
/// The password is kept only to log in: ``description`` and every error leave it out.
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// How to reach the server.
    public enum Endpoint: Sendable, Equatable {
        /// A host name or address and a TCP port.
        case tcp(host: String, port: Int)
        /// The folder of the server's Unix socket and the port that names the socket file.
        case socket(folder: String, port: Int)
    }

    /// Whether and how the connection is encrypted, as libpq's `sslmode`.
    public enum SecurityMode: String, Sendable, Equatable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var securityMode: SecurityMode

    /// Reads `url`, filling what it leaves out from `environment` and the password file.
    ///
    /// - Throws: ``ProgressStoreError/invalidURL(url:reason:)`` naming what is wrong (never the password).
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ProgressStoreError) {
        let shown = ProgressLocation.redactingPassword(url)
        guard let schemeEnd = url.range(of: "://"), ProgressLocation.isServerURL(url) else {
            throw .invalidURL(url: shown, reason: "it does not start with postgresql://")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        var parameters: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, let key = Self.decode(parts[0]), let value = Self.decode(parts[1]) else {
                    throw .invalidURL(url: shown, reason: "'\(pair)' is not NAME=VALUE")
                }
                guard Self.knownParameters.contains(key) else {
                    throw .invalidURL(
                        url: shown,
                        reason:
                            "frontline does not know the parameter '\(key)' (it reads \(Self.knownParameters.sorted().joined(separator: ", ")))"
                    )
                }
                parameters[key] = value
            }
            rest = rest[..<question]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var urlUser: String?
        var urlPassword: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            urlUser = Self.decode(parts[0]).flatMap { $0.isEmpty ? nil : $0 }
            if parts.count == 2 { urlPassword = Self.decode(parts[1]) }
        }
        var urlHost: String?
        var urlPort: String?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .invalidURL(url: shown, reason: "an IPv6 address lacks its ']'") }
            urlHost = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { urlPort = String(after.dropFirst()) }
        } else if let colon = rest.lastIndex(of: ":") {
            urlHost = Self.decode(rest[..<colon])
            urlPort = String(rest[rest.index(after: colon)...])
        } else if !rest.isEmpty {
            urlHost = Self.decode(rest)
        }
        func value(_ fromURL: String?, _ parameter: String, _ variable: String) -> String? {
            for candidate in [fromURL, parameters[parameter], environment[variable]] {
                if let candidate, !candidate.isEmpty { return candidate }
            }
            return nil
        }
        let portText = value(urlPort.flatMap { $0.isEmpty ? nil : $0 }, "port", "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidURL(url: shown, reason: "the port '\(portText)' is not a number from 1 to 65535")
        }
        let host = value(urlHost, "host", "PGHOST") ?? "/var/run/postgresql"
        endpoint = host.hasPrefix("/") ? .socket(folder: host, port: port) : .tcp(host: host, port: port)
        guard let user = value(urlUser, "user", "PGUSER") ?? environment["USER"] ?? environment["LOGNAME"] else {
            throw .invalidURL(url: shown, reason: "it names no user; write postgresql://USER@HOST/DATABASE or set PGUSER")
        }
        self.user = user
        let databaseFromPath = Self.decode(path).flatMap { $0.isEmpty ? nil : $0 }
        database = value(databaseFromPath, "dbname", "PGDATABASE") ?? user
        let modeText = value(nil, "sslmode", "PGSSLMODE") ?? "prefer"
        guard let mode = SecurityMode(rawValue: modeText) else {
            throw .invalidURL(
                url: shown,
                reason: "sslmode '\(modeText)' is none of \(SecurityMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        securityMode = mode
        password =
            urlPassword ?? (environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 })
            ?? PasswordFile(environment: environment)?.password(
                host: host.hasPrefix("/") ? "localhost" : host, port: port, database: database, user: user)
    }

    /// The query parameters frontline reads; any other is an error, not silently ignored.
    static let knownParameters: Set<String> = ["sslmode", "host", "port", "user", "dbname", "application_name"]

    /// Whether the URL itself (rather than the environment or password file) carries a password:
    /// such a URL is visible to every user of the machine in the process list.
    public static func carriesPassword(_ url: String) -> Bool {
        ProgressLocation.redactingPassword(url) != url
    }

    private static func decode(_ text: Substring) -> String? { String(text).removingPercentEncoding }

    /// `postgresql://USER@HOST:PORT/DATABASE`, never with the password.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgresql://\(user)@\(shownHost):\(port)/\(database)"
        case .socket(let folder, let port):
            return "postgresql://\(user)@/\(database)?host=\(folder)&port=\(port)"
        }
    }
}

/// libpq's password file: lines of `host:port:database:user:password`, where `*` matches anything
/// and `\` escapes a `:` or `\`. The first matching line wins.
struct PasswordFile {
    let lines: [[String]]

    init?(environment: [String: String]) {
        let path =
            environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        lines = text.split(whereSeparator: \.isNewline).compactMap { line in
            if line.hasPrefix("#") { return nil }
            var fields: [String] = []
            var field = ""
            var escaped = false
            for character in line {
                if escaped {
                    field.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            return fields.count == 5 ? fields : nil
        }
    }

    func password(host: String, port: Int, database: String, user: String) -> String? {
        let wanted = [host, String(port), database, user]
        return lines.first { fields in zip(fields, wanted).allSatisfy { $0 == "*" || $0 == $1 } }?[4]
    }
}
