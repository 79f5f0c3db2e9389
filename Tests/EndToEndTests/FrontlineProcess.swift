import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `frontline` binary for end-to-end tests: with piped standard input, or on a
/// pseudo-terminal as a person at a keyboard would.
enum FrontlineProcess {
    static let repository = Repository.root

    static let contentPath = repository.appendingPathComponent("content").path

    static var executable: URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("frontline")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("frontline")
    }

    /// An environment without the caller's colour, pager and history settings, rooted in `home`.
    /// The embedding model and the vectors' cache stay the caller's: the model is the one
    /// `scripts/setup` fetched, and the shipped content's vectors are built once for all tests.
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path, "LANG": "C.UTF-8"]
        let caller = ProcessInfo.processInfo.environment
        environment["PATH"] = caller["PATH"] ?? "/usr/bin:/bin"
        let callerHome = caller["HOME"] ?? NSHomeDirectory()
        environment["FRONTLINE_MODEL"] =
            caller["FRONTLINE_MODEL"] ?? (caller["XDG_DATA_HOME"] ?? callerHome + "/.local/share") + "/frontline/models/all-MiniLM-L6-v2"
        environment["XDG_CACHE_HOME"] = caller["XDG_CACHE_HOME"] ?? callerHome + "/.cache"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `frontline arguments` with `input` piped in; returns status, standard output and error.
    static func run(
        _ arguments: [String], input: String = "", environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (status: Int32, output: String, errors: String) {
        try run(arguments, bytes: Data(input.utf8), environment: environment)
    }

    /// Runs `frontline arguments` with raw `bytes` piped in (which need not be UTF-8).
    static func run(
        _ arguments: [String], bytes data: Data, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = repository
        let inputPipe = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = inputPipe.fileHandleForWriting
        Thread.detachNewThread {
            try? writer.write(contentsOf: data)
            try? writer.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

/// `frontline` running on a pseudo-terminal that the test types into.
final class PseudoTerminal: @unchecked Sendable {
    enum Failure: Error {
        case openFailed
        case spawnFailed(Int32)
    }

    private let master: Int32
    private let processID: pid_t
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var exitStatus: Int32?

    /// Starts `frontline arguments` on a new terminal of `columns` × `rows`, as the session leader
    /// with the terminal as its controlling terminal (so Ctrl-C sends SIGINT, as for a person).
    init(_ arguments: [String], environment: [String: String], columns: UInt16 = 80, rows: UInt16 = 24) throws {
        // posix_openpt and friends are hidden from Swift's Glibc module; these are the Linux ioctls
        // they wrap (TIOCSPTLCK = _IOW('T', 0x31, int), TIOCGPTN = _IOR('T', 0x30, unsigned)).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw Failure.openFailed
        }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        // Opened after setsid, the terminal becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A fresh session (POSIX_SPAWN_SETSID is 0x80 in glibc) with no signal blocked, as a login shell
        // would start it.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK))

        var environment = environment
        environment["TERM"] = environment["TERM"] ?? "xterm"
        let argv = ([FrontlineProcess.executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, FrontlineProcess.executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure.spawnFailed(status) }
        processID = pid
        let master = self.master
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                lock.withLock { bytes += chunk[0..<count] }
            }
        }
    }

    deinit {
        if exitStatus == nil {
            kill(processID, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
        close(master)
    }

    /// Everything the program wrote so far.
    var output: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    /// Types `keys`.
    func type(_ keys: String) {
        var data = Array(keys.utf8)
        _ = data.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until the output contains `text` `count` times; `false` after `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.components(separatedBy: text).count - 1 >= count { return true }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the program to exit; its status, or `nil` if it is still running after `timeout`.
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let result = waitpid(processID, &status, WNOHANG)
            if result == processID {
                // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (they are macros in C).
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
            usleep(20_000)
        }
        return nil
    }
}
