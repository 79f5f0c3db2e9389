import ArgumentParser
import Foundation

/// The entry point: parses arguments, runs the command, and maps usage errors to exit status 2.
@main
enum Main {
    static func main() {
        do {
            var command = try Frontline.parseAsRoot()
            try command.run()
        } catch {
            if Frontline.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Frontline.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            Frontline.exit(withError: error)
        }
    }
}

/// `frontline`: look up policies mid-call, practise calls, take quizzes.
struct Frontline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontline",
        abstract: "Find the right policy mid-call, practise customer conversations, and track training.",
        version: "frontline 0.9 (content format 1, progress schema 2, team schema 1)",
        subcommands: [
            Repl.self, Check.self, SearchCommand.self, IndexCommand.self, Roleplay.self, Calibrate.self, Quiz.self, ProgressCommand.self,
            Report.self, TeamCommand.self,
        ],
        defaultSubcommand: Repl.self)
}

/// Options shared by every command that reads content.
struct ContentOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The content folder (default: $FRONTLINE_CONTENT, else ./content).", valueName: "DIR"))
    var content: String?
}

/// Prints `message` to standard error as `error: message`.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}
