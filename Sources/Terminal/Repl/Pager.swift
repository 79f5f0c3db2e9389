import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows long output through `$PAGER` (default `less -R`) when it does not fit on the screen.
public struct Pager: Sendable {
    /// The shell command, or `nil` when paging is off (`PAGER` set to an empty string).
    public let command: String?

    /// Whether the command is the default `less -R` rather than the user's `$PAGER`.
    let usesDefaultCommand: Bool

    /// less's prompt when frontline chose less: how to page on, and that q returns to frontline.
    /// (In less prompts `?e…:….` reads "at the end … otherwise …"; `$` ends the option.)
    static let lessPrompt = "-Ps?e(END) q returns to frontline:Space for more, b back, / to find, q returns to frontline.$"

    /// The pager chosen by `environment`: `$PAGER`, else `less -R`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let value = environment["PAGER"] {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            command = trimmed.isEmpty ? nil : trimmed
            usesDefaultCommand = false
        } else {
            command = "less -R"
            usesDefaultCommand = true
        }
    }

    /// Whether `lineCount` lines need a pager on a screen of `rows` rows (one row stays for the prompt).
    public static func needsPaging(lineCount: Int, rows: Int) -> Bool { lineCount > max(1, rows - 1) }

    /// The command with an instruction to open at `line` (1-based), when the pager is `less`.
    func commandLine(startingAt line: Int?) -> String? {
        guard let command else { return nil }
        guard let line, line > 1 else { return command }
        let program = command.split(separator: " ").first.map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" } ?? ""
        return program == "less" ? command + " +\(line)" : command
    }

    /// The pager's environment: `base` with, for less, options to keep colours, quit at once if the
    /// text fits after all and leave the screen as it is on exit; and, when the user chose no pager
    /// or options of their own, a prompt that says how to leave.
    func environment(from base: [String: String]) -> [String: String] {
        var environment = base
        if environment["LESS"] == nil {
            environment["LESS"] = usesDefaultCommand ? "FRX " + Self.lessPrompt : "FRX"
        }
        return environment
    }

    /// Pipes `text` into the pager and waits for it to exit. Returns `false` when the pager could not be
    /// started (the caller then prints the text itself).
    public func show(_ text: String, startingAt line: Int? = nil) -> Bool {
        guard let commandLine = commandLine(startingAt: line) else { return false }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let environment = environment(from: ProcessInfo.processInfo.environment)
        let arguments = ["/bin/sh", "-c", commandLine]
        let cArguments = arguments.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var processID: pid_t = 0
        let status = posix_spawn(&processID, "/bin/sh", &actions, nil, cArguments, cEnvironment)
        close(pipeEnds[0])
        guard status == 0 else {
            close(pipeEnds[1])
            return false
        }
        // The reader may quit early: a broken pipe must not kill frontline.
        signal(SIGPIPE, SIG_IGN)
        TerminalOutput.writeAll(text, to: pipeEnds[1])
        close(pipeEnds[1])
        var exitStatus: Int32 = 0
        while waitpid(processID, &exitStatus, 0) < 0, errno == EINTR {}
        // Ctrl-C in the pager belongs to the pager.
        _ = Interrupt.take()
        return true
    }
}
