import ArgumentParser
import Foundation
import KnowledgeBase
import Progress

/// Options shared by every command that reads or writes trainee progress.
struct ProgressOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Whose progress (default: your login name).", valueName: "NAME"))
    var trainee: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The progress database (default: $FRONTLINE_DATA, else $XDG_DATA_HOME/frontline/progress.sqlite, else ~/.local/share/frontline/progress.sqlite).",
            valueName: "PATH"))
    var data: String?

    /// The trainee name after defaults.
    var traineeName: String { ProgressLocation.trainee(option: trainee) }

    /// Opens the store, or prints the reason and exits with status 1.
    func openStore() throws -> ProgressStore {
        do {
            return try ProgressStore(url: ProgressLocation.databaseURL(option: data), trainee: traineeName)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

