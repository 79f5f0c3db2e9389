import Foundation

/// A conversation that takes over the prompt until it ends, such as a role-play scenario or a quiz.
///
/// A command starts one by setting ``ReplSession/mode``. While it is active, every typed line goes to
/// it, except lines starting with `/`, which run as commands (`/open refunds` looks something up
/// mid-scenario, `/stop` leaves the mode).
public protocol ReplMode: AnyObject {
    /// The prompt while the mode is active, such as `you> `.
    var prompt: String { get }
    /// Handles one typed line; returns `false` when the conversation has ended.
    func handle(_ line: String, in session: ReplSession) -> Bool
    /// Called when the user leaves the mode early with `/stop` (to record or debrief what was done).
    func stop(in session: ReplSession)
    /// Sees a `/command` first; returns `true` when it handled it (`/hint`), `false` to run it as a
    /// REPL command.
    func handleSlashCommand(_ command: String, in session: ReplSession) -> Bool
}

extension ReplMode {
    /// By default every `/command` runs as a REPL command.
    public func handleSlashCommand(_ command: String, in session: ReplSession) -> Bool { false }
}

extension ReplSession {
    /// The prompt to show: the mode's, else `frontline> `.
    public var prompt: String { mode?.prompt ?? "frontline> " }

    /// Runs a line while a mode is active.
    func handleInMode(_ mode: any ReplMode, line: String) -> CommandOutcome {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            let command = String(trimmed.dropFirst())
            if command.lowercased() == "stop" {
                self.mode = nil
                mode.stop(in: self)
                return .proceed
            }
            if mode.handleSlashCommand(command, in: self) { return .proceed }
            return handleCommand(command)
        }
        if !mode.handle(line, in: self), self.mode === mode { self.mode = nil }
        return .proceed
    }
}
