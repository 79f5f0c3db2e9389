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

    /// For commands that only read progress: a trainee named with `--trainee` must have records, else
    /// the command says so, suggests the closest names, and exits with status 1 (a typo must not look
    /// like an empty record).
    ///
    /// With `evenForTheDefaultTrainee` (a report), the login-name default must have records too: an
    /// empty report is never what was meant.
    func requireRecords(in store: ProgressStore, evenForTheDefaultTrainee: Bool = false) throws {
        guard trainee != nil || evenForTheDefaultTrainee else { return }
        let trainee = traineeName
        let known = (try? store.trainees()) ?? []
        guard !known.contains(trainee) else { return }
        var message = "no trainee '\(trainee)' has records in \(ProgressLocation.databaseURL(option: data).path)"
        if self.trainee == nil { message += " (the default, your login name; pass --trainee NAME or --all)" }
        if let meant = EditDistance.closest(to: trainee, among: known) {
            message += "; did you mean '\(meant)'?"
        } else if !known.isEmpty {
            message += "; trainees with records: \(known.prefix(10).joined(separator: ", "))\(known.count > 10 ? ", …" : "")"
        }
        printError(message)
        throw ExitCode(1)
    }

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
