import Foundation

/// A real PostgreSQL server for the team database's tests.
///
/// ``shared`` is the throwaway cluster that `scripts/test-postgres` started (from its
/// `FRONTLINE_TEST_*` variables); without it, those tests are skipped. ``startPrivate()`` starts
/// another cluster that one test owns, for stopping and restarting the server under a client.
/// Databases and roles are made with `psql`, not with the code under test.
public final class PostgresTestServer: @unchecked Sendable {
    /// The cluster `scripts/test-postgres` started, if any.
    public static let shared: PostgresTestServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["FRONTLINE_TEST_POSTGRES"], let password = environment["FRONTLINE_TEST_POSTGRES_PASSWORD"],
            let bin = environment["FRONTLINE_TEST_PG_BIN"], let data = environment["FRONTLINE_TEST_PGDATA"],
            let port = url.split(separator: ":").last?.split(separator: "/").first.flatMap({ Int($0) })
        else { return nil }
        return PostgresTestServer(
            port: port, adminPassword: password, bin: bin, data: data, systemUser: environment["FRONTLINE_TEST_PG_USER"] ?? "",
            owned: false)
    }()

    /// Whether the team database's tests can run.
    public static var isAvailable: Bool { shared != nil }

    public let port: Int
    /// The superuser `postgres`'s password.
    public let adminPassword: String
    let bin: String
    let data: String
    let systemUser: String
    let owned: Bool

    init(port: Int, adminPassword: String, bin: String, data: String, systemUser: String, owned: Bool) {
        self.port = port
        self.adminPassword = adminPassword
        self.bin = bin
        self.data = data
        self.systemUser = systemUser
        self.owned = owned
    }

    /// `postgresql://USER@127.0.0.1:PORT/DATABASE`, without a password.
    public func url(user: String = "postgres", database: String) -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Runs `sql` with psql as `user` and returns what it printed, unaligned, without headers.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String = "postgres", password: String? = nil) throws -> String {
        let result = try Self.run(
            bin + "/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-c",
                sql,
            ],
            environment: ["PGPASSWORD": password ?? adminPassword])
        guard result.status == 0 else { throw Failure("psql failed: \(result.errors)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new empty database, with a unique name.
    public func createDatabase() throws -> String {
        let name = "frontline_" + UUID().uuidString.prefix(8).lowercased()
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// A unique login name that no other test uses.
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.prefix(6).lowercased()
    }

    /// Starts a new cluster that the caller owns (stop it with ``destroy()``).
    public static func startPrivate() throws -> PostgresTestServer {
        guard let shared else { throw Failure("no PostgreSQL: run the tests through scripts/test-postgres") }
        let folder = try Self.run("/bin/mktemp", ["-d", "/tmp/frontline-postgres-private.XXXXXX"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let password = UUID().uuidString
        try password.write(toFile: folder + "/password", atomically: true, encoding: .utf8)
        if !shared.systemUser.isEmpty {
            _ = try run("/bin/chown", ["-R", shared.systemUser, folder])
        }
        let port = try freePort()
        let server = PostgresTestServer(
            port: port, adminPassword: password, bin: shared.bin, data: folder + "/data", systemUser: shared.systemUser, owned: true)
        try server.asServerUser(
            shared.bin + "/initdb",
            ["-D", server.data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + folder + "/password", "--locale=C.UTF-8"])
        let settings = "listen_addresses = '127.0.0.1'\nport = \(port)\nunix_socket_directories = '\(folder)'\nfsync = off\n"
        let configuration = try FileHandle(forWritingTo: URL(fileURLWithPath: server.data + "/postgresql.conf"))
        configuration.seekToEndOfFile()
        configuration.write(Data(settings.utf8))
        try configuration.close()
        try server.start()
        return server
    }

    /// Starts the cluster and waits until it accepts connections. The server's output goes to its
    /// log, never to a pipe of ours: the server outlives pg_ctl and would hold the pipe open.
    public func start() throws {
        try asServerUser(bin + "/pg_ctl", ["-D", data, "-l", data + "/../server.log", "-w", "start"], capturing: false)
    }

    /// Stops the cluster (fast: open sessions are ended, as when an administrator stops a server).
    public func stop() throws {
        try asServerUser(bin + "/pg_ctl", ["-D", data, "-w", "stop", "-m", "fast"])
    }

    /// Stops a private cluster and deletes its folder.
    public func destroy() {
        guard owned else { return }
        try? asServerUser(bin + "/pg_ctl", ["-D", data, "-w", "stop", "-m", "immediate"])
        try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
    }

    private func asServerUser(_ program: String, _ arguments: [String], capturing: Bool = true) throws {
        let result =
            systemUser.isEmpty
            ? try Self.run(program, arguments, capturing: capturing)
            : try Self.run("/usr/sbin/runuser", ["-u", systemUser, "--", program] + arguments, capturing: capturing)
        guard result.status == 0 else { throw Failure("\(program) failed: \(result.errors)\(result.output)") }
    }

    private static func freePort() throws -> Int {
        let result = try run(
            "/usr/bin/env",
            ["python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Failure("no free port") }
        return port
    }

    /// Runs a program to its end.
    public static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = [:], capturing: Bool = true
    ) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        if !capturing { return (try spawnAndWait(program, arguments), "", "") }
        try process.run()
        // Read both pipes before waiting, so a chatty program cannot fill one and block.
        let errorText = ReadInBackground(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText.wait())
    }

    /// Runs a program with every standard stream on /dev/null and waits for it with `waitpid`.
    /// (A daemon the program leaves behind, such as a started server, then shares nothing with us.)
    private static func spawnAndWait(_ program: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { for variable in environment { free(variable) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &actions, nil, argv, environment)
        guard status == 0 else { throw Failure("cannot start \(program): error \(status)") }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
        return (exit & 0x7f) == 0 ? (exit >> 8) & 0xff : 128 + (exit & 0x7f)
    }

    /// A pipe read to its end on another thread.
    final class ReadInBackground: @unchecked Sendable {
        private var data = Data()
        private let group = DispatchGroup()

        init(_ handle: FileHandle) {
            group.enter()
            DispatchQueue.global().async {
                self.data = handle.readDataToEndOfFile()
                self.group.leave()
            }
        }

        func wait() -> String {
            group.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// A failure of the test set-up, with what the program said.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
