import ArgumentParser
import Foundation
import KnowledgeBase
import Progress
import TeamProgress

/// Options shared by every command that reads or writes trainee progress.
struct ProgressOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Whose progress (default: your login name).", valueName: "NAME"))
    var trainee: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The progress database: a file, or a team's postgresql://USER@HOST/DATABASE (default: $FRONTLINE_DATA, else $XDG_DATA_HOME/frontline/progress.sqlite, else ~/.local/share/frontline/progress.sqlite).",
            valueName: "PATH|URL"))
    var data: String?

    /// Where the records are: `--data`, `FRONTLINE_DATA` or the default file.
    var destination: ProgressLocation.Destination { ProgressLocation.destination(option: data) }

    /// For commands that only read progress: a trainee named with `--trainee` must have records, else
    /// the command says so, suggests the closest names, and exits with status 1 (a typo must not look
    /// like an empty record).
    ///
    /// With `evenForTheDefaultTrainee` (a report), the login-name default must have records too: an
    /// empty report is never what was meant.
    func requireRecords(in store: any ProgressStore, evenForTheDefaultTrainee: Bool = false) throws {
        guard trainee != nil || evenForTheDefaultTrainee else { return }
        let trainee = store.trainee
        let known = (try? store.trainees()) ?? []
        guard !known.contains(trainee) else { return }
        var message = "no trainee '\(trainee)' has records in \(store.location)"
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
    func openStore() throws -> any ProgressStore {
        do {
            return try openStoreOrThrow()
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// Opens the store. A password written into a `--data` URL earns a warning: every user of the
    /// machine can read it in the process list.
    func openStoreOrThrow() throws(ProgressStoreError) -> any ProgressStore {
        if let data, ServerAddress.carriesPassword(data) {
            printError(
                "warning: the password in --data is visible to every user of this machine (ps); set PGPASSWORD or use ~/.pgpass instead")
        }
        return try ProgressDatabase.open(destination, trainee: trainee)
    }
}
