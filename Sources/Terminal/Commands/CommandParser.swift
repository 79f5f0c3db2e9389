import Foundation

/// A line typed at the prompt, understood.
public enum ParsedLine: Sendable, Equatable {
    /// Nothing but white space.
    case empty
    /// A number alone: open that result.
    case openResult(Int)
    /// A command and the text after its name.
    case command(name: String, input: CommandInput)
    /// Anything else is a search for the whole line.
    case search(String)
}

/// Splits a typed line into a command or a search: plain words search, no command needed mid-call.
public struct CommandParser: Sendable {
    /// The commands the parser recognises.
    public let table: CommandTable

    /// A parser for the commands of `table`.
    public init(table: CommandTable) {
        self.table = table
    }

    /// What `line` asks for.
    ///
    /// A first word that names a command runs it; but a command that takes no arguments, typed with
    /// words after it, is a search for the whole line (`back pay`), and so is anything else.
    public func parse(_ line: String) -> ParsedLine {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .empty }
        if trimmed.count <= 9, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber), let number = Int(trimmed) {
            return .openResult(number)
        }
        let firstWord = trimmed.prefix { !$0.isWhitespace }
        let rest = trimmed.dropFirst(firstWord.count).trimmingCharacters(in: .whitespaces)
        guard let command = table.command(named: String(firstWord)) else { return .search(trimmed) }
        if !rest.isEmpty, !command.takesArguments { return .search(trimmed) }
        return .command(name: command.name, input: CommandInput(text: rest))
    }
}
