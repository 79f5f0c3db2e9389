import Foundation
import Progress
import TeamProgress

extension ReplSession {
    /// The trainee's progress store (`--trainee`, `--data`, else their defaults), opened on first use.
    func progressStore() throws(CommandError) -> any ProgressStore {
        if let store = openedProgressStore { return store }
        let destination = ProgressLocation.destination(option: options.dataPath, environment: options.environment)
        do {
            let store = try ProgressDatabase.open(destination, trainee: options.trainee, environment: options.environment)
            openedProgressStore = store
            return store
        } catch {
            throw .failed(error.description)
        }
    }

    /// Writes text that a training renderer already styled, line by line: its colour codes are kept
    /// when colours are on, and everything else that could drive the terminal is removed.
    func writeRendered(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let clean = lines.map { output.theme.usesColour ? TerminalText.sanitizedKeepingColours($0) : TerminalText.sanitized($0) }
        // A line wider than the terminal wraps at words, under its own indentation (losing its colours,
        // which the wrapping cannot carry); the others are written as they are.
        var text = ""
        for line in clean {
            let visible = line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            if DisplayWidth.of(visible) <= output.columns {
                text += line + "\n"
            } else {
                let indent = String(visible.prefix { $0 == " " })
                let wrapped = TextWrapper.wrap(
                    [StyledSpan(String(visible.dropFirst(indent.count)))], width: output.columns, hangingAfter: StyledLine(indent))
                text += output.theme.encode(wrapped)
            }
        }
        output.write(text)
    }
}
