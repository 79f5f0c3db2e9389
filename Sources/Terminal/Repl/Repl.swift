import Foundation
import KnowledgeBase

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the REPL could not start.
public enum ReplError: Error, CustomStringConvertible, Sendable {
    case content(String)

    /// The message, as printed after `error: `.
    public var description: String {
        switch self {
        case .content(let message): message
        }
    }
}

/// The interactive REPL: loads the content, then reads commands until `quit` or the end of input.
///
/// On a terminal (standard input and output both) it edits lines with readline, shows a prompt,
/// colours (unless `NO_COLOR` is set) and pages long articles. Otherwise it reads commands line by line
/// and prints plain text, so it can be scripted: `echo refund | frontline`.
public struct Repl {
    /// How the REPL was started.
    public let options: ReplOptions
    /// The commands beyond the built-in ones (training commands register here).
    public var extraCommands: [ReplCommand] = []

    /// A REPL with `options`.
    public init(options: ReplOptions) {
        self.options = options
    }

    /// Runs until `quit` or end of input.
    ///
    /// - Throws: ``ReplError`` when the content folder cannot be read.
    public func run() throws(ReplError) {
        let isInteractive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let output = TerminalOutput(isTerminal: isInteractive, environment: options.environment)
        let commands = CommandTable.standard.adding(extraCommands)
        let session: ReplSession
        if isInteractive {
            // The prompt comes up at once; the content loads (and then the index builds) while the user
            // types. Only a missing folder is worth failing for before the prompt.
            try checkContentFolder()
            let loader = ContentLoader(root: options.contentRoot)
            let loading = BackgroundValue<Result<KnowledgeBase, ReplError>> {
                Result { () throws(ReplError) in
                    do { return try loader.load() } catch { throw .content("\(error)") }
                }
            }
            session = ReplSession(options: options, loading: loading, output: output, commands: commands)
            session.onLoad = { [self] knowledgeBase in reportLoadProblems(knowledgeBase.loadDiagnostics, to: output) }
        } else {
            let knowledgeBase: KnowledgeBase
            do {
                knowledgeBase = try ContentLoader(root: options.contentRoot).load()
            } catch {
                throw .content("\(error)")
            }
            reportLoadProblems(knowledgeBase.loadDiagnostics, to: output)
            session = ReplSession(options: options, knowledgeBase: knowledgeBase, output: output, commands: commands)
        }

        let reader: LineReader
        if isInteractive {
            let history = options.historyURL.map { HistoryStore(url: $0) }
            let editor = ReadlineEditor(history: history, completer: { session.makeCompleter() }, report: { output.writeWarning($0) })
            session.onReload = { [weak editor] session in editor?.update(session.makeCompleter()) }
            let theme = output.theme
            // At the search prompt only: a scenario's or quiz's replies are not searches.
            editor.showStatus { [weak session] in
                guard let session, session.mode == nil else { return nil }
                return session.searchIndex.meaningStatus.map { Self.styledStatus($0, theme: theme) }
            }
            reader = editor
            var banner = StyledLine("frontline", style: .strong)
            banner.append(" · type words to search (typos are fine), `help` for commands, Ctrl-D to leave", style: .dim)
            output.write(banner)
        } else {
            reader = PlainLineReader()
        }

        while true {
            reader.useHistory(of: session.mode.map { .conversation("\(ObjectIdentifier($0))") } ?? .commands)
            guard let line = reader.readLine(prompt: isInteractive ? styledPrompt(session.prompt, theme: output.theme) : "") else {
                // Ctrl-D at a terminal ends a scenario or quiz in progress, like Ctrl-C and /stop, and
                // leaves frontline only at the main prompt; the end of piped input ends everything.
                if isInteractive { output.writeLine(session.mode == nil ? "" : "^D (stopped; Ctrl-D again leaves frontline)", style: .dim) }
                let wasInConversation = session.mode != nil
                stopConversation(of: session)
                if isInteractive && wasInConversation { continue }
                break
            }
            if let editor = reader as? ReadlineEditor, editor.wasInterruptedOnEmptyLine {
                // Ctrl-C on an empty line leaves a scenario or quiz (recorded as stopped early).
                if session.mode != nil {
                    output.writeLine("^C (stopped)", style: .dim)
                    stopConversation(of: session)
                } else {
                    output.writeLine("^C", style: .dim)
                }
                continue
            }
            reader.remember(line)
            if session.handle(line) == .quit {
                stopConversation(of: session)
                break
            }
            if isInteractive, Interrupt.take() { output.writeLine("(interrupted)", style: .dim) }
        }
    }

    /// Ends a scenario or quiz still holding the prompt, so that it is recorded and summed up.
    private func stopConversation(of session: ReplSession) {
        guard let mode = session.mode else { return }
        session.mode = nil
        mode.stop(in: session)
    }

    /// Fails like the content loader when the content folder is missing or is not a folder.
    private func checkContentFolder() throws(ReplError) {
        var isDirectory: ObjCBool = false
        let path = options.contentRoot.standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .content("\(ContentLocationError.notFound(path))")
        }
        guard isDirectory.boolValue else { throw .content("\(ContentLocationError.notAFolder(path))") }
    }

    /// The status before the prompt (`[meaning 43%] `), dim when the theme has colour.
    private static func styledStatus(_ status: String, theme: Theme) -> String {
        let text = "[\(status)]"
        guard theme.usesColour else { return text + " " }
        return "\u{1}\u{1B}[2m\u{2}" + text + "\u{1}\u{1B}[0m\u{2} "
    }

    /// The prompt in bold when colours are on; `\u{1}`...`\u{2}` tell readline the codes take no room.
    private func styledPrompt(_ prompt: String, theme: Theme) -> String {
        let text = TerminalText.sanitized(prompt)
        guard theme.usesColour else { return text }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return "\u{1}\u{1B}[1m\u{2}" + trimmed + "\u{1}\u{1B}[0m\u{2}" + String(repeating: " ", count: text.count - trimmed.count)
    }

    /// Warns about content problems at start-up: errors one by one (a few), then a count.
    private func reportLoadProblems(_ diagnostics: [Diagnostic], to output: TerminalOutput) {
        guard !diagnostics.isEmpty else { return }
        let errors = diagnostics.filter { $0.severity == .error }
        for diagnostic in errors.prefix(5) { output.writeDiagnostic("\(diagnostic)") }
        let warnings = diagnostics.count - errors.count
        output.writeWarning(
            "loading the content found \(errors.count) error\(errors.count == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s"); "
                + "the rest loaded. `reload` here or `frontline check` runs every check, across files too")
    }
}
