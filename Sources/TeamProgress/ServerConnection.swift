import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Progress

/// One connection to a PostgreSQL server, used synchronously: each call waits for the server's answer.
///
/// Calls are serialised, so a transaction is never interleaved with another call. A connection the
/// server dropped is opened again on the next call, so a session outlives a server restart. Every
/// failure becomes a ``ProgressStoreError`` that names the server without its password.
final class ServerConnection: @unchecked Sendable {
    let address: ServerAddress
    private var connection: PostgresConnection?
    /// Whether a connection was ever made: failing to reconnect then means the server went away mid-session.
    private var hasConnected = false
    private let lock = NSLock()
    private let logger = Logger(label: "frontline.progress", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Connects to `address`.
    init(_ address: ServerAddress) throws(ProgressStoreError) {
        self.address = address
        lock.lock()
        defer { lock.unlock() }
        _ = try liveConnection()
    }

    deinit {
        try? connection?.close().wait()
    }

    /// Runs one statement outside any explicit transaction.
    @discardableResult
    func query(_ query: PostgresQuery) throws(ProgressStoreError) -> PostgresQueryResult {
        lock.lock()
        defer { lock.unlock() }
        let connection = try liveConnection()
        return try run(query, on: connection)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: (Transaction) throws(ProgressStoreError) -> T) throws(ProgressStoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let connection = try liveConnection()
        try run("BEGIN", on: connection)
        do {
            let result = try body(Transaction(connection: connection, owner: self))
            try run("COMMIT", on: connection)
            return result
        } catch {
            _ = try? run("ROLLBACK", on: connection)
            throw error
        }
    }

    /// The statements of one transaction.
    struct Transaction {
        fileprivate let connection: PostgresConnection
        fileprivate let owner: ServerConnection

        /// The server, for messages.
        var location: String { owner.address.description }

        @discardableResult
        func query(_ query: PostgresQuery) throws(ProgressStoreError) -> PostgresQueryResult {
            try owner.run(query, on: connection)
        }
    }

    /// The open connection, connecting first when there is none or the last one was closed.
    private func liveConnection() throws(ProgressStoreError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let configuration = try makeConfiguration()
        do {
            let opened = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
            connection = opened
            hasConnected = true
            return opened
        } catch {
            let translated = translate(error, connecting: true)
            if hasConnected, case .unreachable = translated { throw .connectionLost(path: address.description) }
            throw translated
        }
    }

    private func run(_ query: PostgresQuery, on connection: PostgresConnection) throws(ProgressStoreError)
        -> PostgresQueryResult
    {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            let translated = translate(error, connecting: false)
            if case .connectionLost = translated { try? connection.close().wait() }
            throw translated
        }
    }

    private func makeConfiguration() throws(ProgressStoreError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch address.endpoint {
        case .socket(let folder, let port):
            configuration = .init(
                unixSocketPath: "\(folder)/.s.PGSQL.\(port)", username: address.user, password: address.password,
                database: address.database)
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: address.user, password: address.password, database: address.database,
                tls: try tls(for: address.securityMode))
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", "frontline")]
        return configuration
    }

    private func tls(for mode: ServerAddress.SecurityMode) throws(ProgressStoreError) -> PostgresConnection.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        do {
            let context = try NIOSSLContext(configuration: settings)
            return mode == .allow || mode == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw .unreachable(path: address.description, detail: "TLS could not be set up (\(error))")
        }
    }

    /// What went wrong, in the user's terms. PostgresNIO hides details from `description` on purpose
    /// (they may hold data): the server's own message and the SQLSTATE are read instead.
    private func translate(_ error: any Error, connecting: Bool) -> ProgressStoreError {
        let location = address.description
        guard let error = error as? PSQLError else {
            return connecting ? .unreachable(path: location, detail: "\(error)") : .storage(path: location, detail: "\(error)")
        }
        let message = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case "28P01", "28000": return .notPermitted(path: location, detail: message)
            case "42501": return .notPermitted(path: location, detail: message)
            case "3D000": return .unreachable(path: location, detail: message)
            case "57P01", "57P02", "57P03", "08006", "08003":
                return connecting ? .unreachable(path: location, detail: message) : .connectionLost(path: location)
            case "3F000", "42P01", "42883": return .notInitialised(path: location)
            default: return .storage(path: location, detail: message.isEmpty ? "SQLSTATE \(state)" : "\(message) (SQLSTATE \(state))")
            }
        case .authMechanismRequiresPassword:
            return .notPermitted(
                path: location, detail: "the server wants a password and none was given (set PGPASSWORD, or add it to ~/.pgpass)")
        case .sslUnsupported:
            return .unreachable(
                path: location, detail: "the server does not offer TLS, which sslmode=\(address.securityMode.rawValue) requires")
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            if connecting {
                let reason = error.underlying.map { Self.plainReason("\($0)") } ?? "the connection was refused or closed"
                return .unreachable(path: location, detail: reason)
            }
            return .connectionLost(path: location)
        default:
            return connecting
                ? .unreachable(path: location, detail: "\(error.code)") : .storage(path: location, detail: "\(error.code)")
        }
    }

    /// The reason a connection failed, in plain words, from the network library's description
    /// (`Connection errors: SingleConnectionFailure(…: Connection refused (errno: 111))`): the
    /// system's reason where it names one, else the description as it is.
    static func plainReason(_ description: String) -> String {
        let reasons = [
            ("connection refused", "connection refused"),
            ("no route to host", "no route to the host"),
            ("network is unreachable", "the network is unreachable"),
            ("timed out", "the connection timed out"),
            ("name or service not known", "the host name could not be resolved"),
            ("nodename nor servname", "the host name could not be resolved"),
            ("temporary failure in name resolution", "the host name could not be resolved"),
            ("no such file or directory", "no server is listening on that socket"),
            ("connection reset", "the server closed the connection"),
        ]
        let lower = description.lowercased()
        return reasons.first { lower.contains($0.0) }?.1 ?? description
    }
}
