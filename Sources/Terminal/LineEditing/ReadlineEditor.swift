import CLineInput
import CReadline
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Interactive line editing on GNU readline: Emacs keys, arrows, Ctrl-R, `~/.inputrc`, persistent
/// history and context-aware tab completion. Ctrl-C clears the line; Ctrl-D ends input. A scenario's
/// or quiz's replies have a history of their own, so Up never offers a reply as a search.
///
/// readline is process-wide state, so there should be one editor per process.
public final class ReadlineEditor: LineReader {
    private let history: HistoryStore?
    private var lastEntry: String?
    /// Reports problems (a history file that cannot be used) once.
    private let report: (String) -> Void
    private var historyIsWritable = true

    /// Sets readline up: the application name `frontline` (for `$if frontline` in `~/.inputrc`),
    /// completion through the completer `makeCompleter` returns (asked on the first Tab), the Ctrl-C
    /// handler, and the saved history.
    public init(history: HistoryStore?, completer makeCompleter: @escaping () -> Completer, report: @escaping (String) -> Void) {
        self.history = history
        self.report = report
        CompletionState.shared.set(makeCompleter)
        frontline_rl_set_readline_name(strdup("frontline"))
        // frontline's own handler: readline's would re-raise SIGINT and end the process.
        frontline_rl_set_catch_signals(0)
        Interrupt.installHandler()
        Interrupt.routeReadlineInput()
        frontline_rl_set_signal_event_hook(signalEventHook)
        if !ReaderWake.install(refreshPrompt) { report("the prompt cannot show progress: no pipe could be opened") }
        // The whole line up to the cursor is the "word": the completer decides what to replace.
        frontline_rl_set_completer_word_break_characters(strdup("\n"))
        frontline_rl_set_attempted_completion_function(completeLine)
        frontline_rl_set_completion_display_matches_hook(displayMatches)
        if let history {
            stifle_history(Int32(history.capacity))
            do {
                let entries = try history.load()
                for entry in entries { add_history(entry) }
                lastEntry = entries.last
            } catch {
                historyIsWritable = false
                report("\(error)")
            }
        }
    }

    /// Replaces the completer (after `reload`).
    public func update(_ completer: Completer) { CompletionState.shared.set { completer } }

    /// Sets a short status shown before the prompt, such as the vectors' build progress; it is asked
    /// again whenever ``ReaderWake/wake()`` is called, and the prompt redrawn while the user types.
    public func showStatus(_ status: @escaping () -> String?) { PromptState.shared.status = status }

    /// Reads a line with readline, showing `prompt`; `nil` on Ctrl-D.
    public func readLine(prompt: String) -> String? {
        _ = Interrupt.take()
        _ = Interrupt.takeEmptyLineInterrupt()
        let shown = PromptState.shared.begin(prompt)
        guard let raw = readline(shown) else { return nil }
        defer { free(raw) }
        wasInterruptedOnEmptyLine = Interrupt.takeEmptyLineInterrupt()
        return String(cString: raw)
    }

    /// Whether the last line read ended with Ctrl-C on an empty line (the line is then empty): the REPL
    /// leaves a scenario or quiz, while Ctrl-C on a line with text only clears it.
    public private(set) var wasInterruptedOnEmptyLine = false

    /// The context whose lines readline holds now, and the command history kept while a
    /// conversation's replies are in readline instead.
    private var context = HistoryContext.commands
    private var savedCommands: [String] = []

    /// Switches readline's history to `context`'s lines. A new conversation starts with none; coming
    /// back to commands restores them.
    public func useHistory(of newContext: HistoryContext) {
        guard newContext != context else { return }
        if context == .commands { savedCommands = Self.readlineEntries() }
        clear_history()
        switch newContext {
        case .commands:
            for entry in savedCommands { add_history(entry) }
            lastEntry = savedCommands.last
        case .conversation:
            lastEntry = nil
        }
        context = newContext
    }

    /// The lines in readline's history, oldest first.
    private static func readlineEntries() -> [String] {
        var entries: [String] = []
        let count = frontline_history_length()
        guard count > 0 else { return [] }
        for offset in 0..<count {
            if let entry = history_get(frontline_history_base() + offset), let line = entry.pointee.line {
                entries.append(String(cString: line))
            }
        }
        return entries
    }

    /// Adds the line to readline's history and, at the main prompt, to the history file, unless it
    /// repeats the last entry.
    public func remember(_ line: String) {
        guard let entry = HistoryStore.normalized(line), entry != lastEntry else { return }
        lastEntry = entry
        add_history(entry)
        guard context == .commands, let history, historyIsWritable else { return }
        do {
            try history.append(entry)
        } catch {
            historyIsWritable = false
            report("\(error)")
        }
    }
}

/// The completer the C callbacks use, and the candidates of the last completion (for listing them).
final class CompletionState: @unchecked Sendable {
    static let shared = CompletionState()
    private let lock = NSLock()
    private var completer: Completer?
    private var makeCompleter: (() -> Completer)?
    private var lastCandidates: [String: CompletionCandidate] = [:]

    /// Sets what makes the completer; it is called on the next completion.
    func set(_ make: @escaping () -> Completer) {
        lock.withLock {
            completer = nil
            makeCompleter = make
        }
    }

    func candidates(forLine line: String) -> [CompletionCandidate] {
        lock.withLock {
            if completer == nil, let makeCompleter { completer = makeCompleter() }
            let candidates = completer?.candidates(forLine: line) ?? []
            lastCandidates = Dictionary(candidates.map { ($0.replacement, $0) }, uniquingKeysWith: { first, _ in first })
            return candidates
        }
    }

    func candidate(for replacement: String) -> CompletionCandidate? { lock.withLock { lastCandidates[replacement] } }
}

/// The prompt readline shows: the caller's, after the status when there is one. Used on the reading
/// thread only (by `readLine` and by the wake hook).
final class PromptState: @unchecked Sendable {
    static let shared = PromptState()
    var status: (() -> String?)?
    private var prompt = ""
    private var shown = ""

    /// The prompt to show for a new line with the caller's `prompt`.
    func begin(_ prompt: String) -> String {
        self.prompt = prompt
        shown = (status?() ?? "") + prompt
        return shown
    }

    /// Redraws the prompt if the status changed.
    func refresh() {
        let current = (status?() ?? "") + prompt
        guard current != shown, frontline_rl_replace_prompt(current) != 0 else { return }
        shown = current
    }
}

/// The wake hook: the status may have changed.
private func refreshPrompt() { PromptState.shared.refresh() }

/// readline's signal event hook: runs in ordinary code after Ctrl-C interrupted a read.
private func signalEventHook() -> Int32 {
    guard Interrupt.take() else { return 0 }
    rl_free_line_state()
    fputs("^C\n", frontline_stdout())
    fflush(frontline_stdout())
    rl_on_new_line()
    rl_replace_line("", 0)
    rl_redisplay()
    return 0
}

/// readline's completion function: candidates for the line up to the cursor.
private func completeLine(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    frontline_rl_set_attempted_completion_over(1)
    guard let buffer = frontline_rl_line_buffer() else { return nil }
    let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(max(0, end)))
    let line = String(decoding: bytes, as: UTF8.self)
    let candidates = CompletionState.shared.candidates(forLine: line)
    guard !candidates.isEmpty else { return nil }
    if candidates.count == 1, candidates[0].replacement.hasSuffix(":") {
        frontline_rl_set_completion_append_character(0)
    }
    let strings =
        candidates.count == 1
        ? [candidates[0].replacement]
        : [Completer.commonReplacement(of: candidates, typed: line)] + candidates.map(\.replacement)
    let matches = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
    for (index, string) in strings.enumerated() { matches[index] = strdup(string) }
    matches[strings.count] = nil
    return matches
}

/// Lists the candidates by their short form (`tag:refunds`, `refunds  Refunds`) rather than whole lines.
private func displayMatches(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int32, _ maximumLength: Int32) {
    guard let matches else { return }
    var shown: [CompletionCandidate] = []
    for index in 1...max(1, Int(count)) {
        guard let pointer = matches[index] else { break }
        let replacement = String(cString: pointer)
        shown.append(
            CompletionState.shared.candidate(for: replacement) ?? CompletionCandidate(replacement: replacement, display: replacement))
    }
    var size = winsize()
    let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    let limit = 60
    var text = "\n"
    let widest = shown.map { DisplayWidth.of($0.display) }.max() ?? 0
    if shown.contains(where: { $0.detail != nil }) {
        for candidate in shown.prefix(limit) {
            let padding = String(repeating: " ", count: max(1, widest + 2 - DisplayWidth.of(candidate.display)))
            let line = TerminalText.sanitized(candidate.display + padding + (candidate.detail ?? ""))
            text += String(DisplayWidth.split(Substring(line), fitting: columns - 1).head) + "\n"
        }
    } else {
        let cell = widest + 2
        let perRow = max(1, (columns - 1) / cell)
        for (index, candidate) in shown.prefix(limit).enumerated() {
            let display = TerminalText.sanitized(candidate.display)
            text += display
            if (index + 1) % perRow == 0 || index == min(shown.count, limit) - 1 {
                text += "\n"
            } else {
                text += String(repeating: " ", count: max(1, cell - DisplayWidth.of(display)))
            }
        }
    }
    if shown.count > limit { text += "… and \(shown.count - limit) more\n" }
    fputs(text, frontline_stdout())
    fflush(frontline_stdout())
    rl_forced_update_display()
}
