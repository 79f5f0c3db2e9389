import Foundation

extension ReplCommand {
    /// `help [COMMAND]`.
    public static let help = ReplCommand(
        name: "help", aliases: ["?"], usage: "help [COMMAND]", summary: "List the commands, or explain one.",
        help: "Without a name, lists every command. With one, shows its usage and what it does.",
        completion: .commands, takesArguments: true
    ) { session, input throws(CommandError) in
        if input.arguments.isEmpty {
            session.printCommandList()
            return .proceed
        }
        guard input.arguments.count == 1 else { throw .usage("name one command", command: "help") }
        guard let command = session.commands.command(named: input.arguments[0]) else {
            let names = session.commands.commands.map(\.name).joined(separator: ", ")
            throw .failed("no command '\(input.arguments[0])'; the commands are \(names)")
        }
        var lines = [StyledLine("usage: " + command.usage, style: .strong)]
        if !command.aliases.isEmpty { lines.append(StyledLine("also: " + command.aliases.joined(separator: ", "), style: .dim)) }
        lines.append(StyledLine())
        lines += TextWrapper.wrap([[StyledSpan(command.summary)]], width: session.output.columns)
        lines.append(StyledLine())
        lines += helpLines(command.help, width: session.output.columns)
        session.output.write(lines)
        return .proceed
    }

    /// Help text laid out: paragraphs (separated by blank lines) rewrapped to `width`, indented blocks
    /// kept as written.
    static func helpLines(_ text: String, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for block in text.components(separatedBy: "\n\n") {
            let blockLines = block.split(separator: "\n").map(String.init)
            guard !blockLines.isEmpty else { continue }
            if !lines.isEmpty { lines.append(StyledLine()) }
            if blockLines.allSatisfy({ $0.hasPrefix("  ") }) {
                lines += blockLines.map { StyledLine($0) }
            } else {
                let paragraph = blockLines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                lines += TextWrapper.wrap([[StyledSpan(paragraph)]], width: width)
            }
        }
        return lines
    }
}

extension ReplSession {
    /// `help` without a name: every command with its summary.
    func printCommandList() {
        var lines = [StyledLine("Type words to search (typos are fine). Commands:")]
        let widest =
            commands.commands.map { DisplayWidth.of($0.usage.prefix { $0 != "(" }.trimmingCharacters(in: .whitespaces)) }.max() ?? 0
        for command in commands.commands {
            let usage = command.usage.prefix { $0 != "(" }.trimmingCharacters(in: .whitespaces)
            var prefix = StyledLine("  ")
            prefix.append(usage, style: .strong)
            prefix.append(String(repeating: " ", count: widest + 2 - DisplayWidth.of(usage)))
            lines += TextWrapper.wrap([StyledSpan(command.summary)], width: output.columns, hangingAfter: prefix)
        }
        lines.append(StyledLine("`help COMMAND` explains one. Tab completes; Ctrl-R searches history; Ctrl-D leaves.", style: .dim))
        output.write(lines)
    }
}
