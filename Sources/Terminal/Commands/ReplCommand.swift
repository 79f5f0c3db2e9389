import KnowledgeBase

/// What the REPL does after a command.
public enum CommandOutcome: Sendable, Equatable {
    /// Read the next command.
    case proceed
    /// Leave the REPL.
    case quit
}

/// Why a command could not run; printed as `error: ...`, with the usage for ``usage(_:command:)``.
public enum CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The arguments are missing or wrong; the message says what is expected.
    case usage(String, command: String)
    /// The command could not do what was asked (no open article, no such result...).
    case failed(String)

    /// The message, as printed after `error: `.
    public var description: String {
        switch self {
        case .usage(let message, _), .failed(let message): message
        }
    }
}

/// The words after a command's name.
public struct CommandInput: Sendable, Equatable {
    /// The arguments split at white space.
    public var arguments: [String]
    /// The text after the command name, trimmed (for commands that take free text, such as `search`).
    public var text: String

    /// The input for the text typed after a command name.
    public init(text: String) {
        self.text = text
        self.arguments = text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}

/// A command of the REPL: its name, its help, what its argument completes to, and what it does.
///
/// Each command lives in its own file under `Commands/` as a static member of `ReplCommand`
/// (`ReplCommand.open`), and is registered by adding it to ``CommandTable/standard``.
public struct ReplCommand: Sendable {
    /// The name typed to run it.
    public var name: String
    /// Other names (`exit` for `quit`).
    public var aliases: [String]
    /// The synopsis: `open N|ID`.
    public var usage: String
    /// One line for the command list.
    public var summary: String
    /// The text of `help NAME`, below the usage line.
    public var help: String
    /// What the argument completes to.
    public var completion: ArgumentCompletion
    /// Whether the command takes arguments. A command that takes none, typed with words after it, is
    /// a search for the whole line instead (`back pay`, `more data`).
    public var takesArguments: Bool
    /// Runs the command.
    public var run: @Sendable (ReplSession, CommandInput) throws(CommandError) -> CommandOutcome

    /// A command; see the properties for what each part means.
    public init(
        name: String, aliases: [String] = [], usage: String, summary: String, help: String,
        completion: ArgumentCompletion = .none, takesArguments: Bool,
        run: @escaping @Sendable (ReplSession, CommandInput) throws(CommandError) -> CommandOutcome
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.help = help
        self.completion = completion
        self.takesArguments = takesArguments
        self.run = run
    }
}

/// The commands the REPL knows, in the order `help` lists them.
public struct CommandTable: Sendable {
    /// The commands, in the order `help` lists them.
    public let commands: [ReplCommand]

    /// A table of `commands`, in that order.
    public init(_ commands: [ReplCommand]) {
        self.commands = commands
    }

    /// The built-in commands. Add a command by writing `Commands/NameCommand.swift` with a
    /// `static let name = ReplCommand(...)` and listing it here.
    public static let standard = CommandTable([
        .search, .open, .more, .back, .related, .practice, .quiz, .progress, .reload, .help, .quit,
    ])

    /// The command called `name` (or with that alias), ignoring case.
    public func command(named name: String) -> ReplCommand? {
        let lower = name.lowercased()
        return commands.first { $0.name == lower || $0.aliases.contains(lower) }
    }

    /// The table with `extra` commands added after the built-in ones.
    public func adding(_ extra: [ReplCommand]) -> CommandTable { CommandTable(commands + extra) }

    /// Names and what their arguments complete to, for the completer.
    var completionEntries: [Completer.CommandEntry] {
        commands.flatMap { command in
            ([command.name] + command.aliases).map { Completer.CommandEntry(name: $0, argument: command.completion) }
        }
    }
}
