import ArgumentParser
import Foundation
import Progress

/// `frontline report`: the trainers' HTML report and the CSV export of raw attempts.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report (inline SVG charts, no network) and/or a CSV of raw attempts.")

    @Option(help: ArgumentHelp("Write the HTML report to FILE.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Write every quiz answer and role-play attempt to FILE as CSV.", valueName: "FILE"))
    var csv: String?

    @Flag(help: "Report on every trainee in the database, with a cohort view.")
    var all = false

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if html == nil && csv == nil { throw ValidationError("give --html FILE, --csv FILE or both") }
        if all && progressOptions.trainee != nil { throw ValidationError("--all and --trainee exclude each other") }
    }

    func run() throws {
        let store = try progressOptions.openStore()
        let records: [TraineeRecords]
        do {
            let names = all ? try store.trainees() : [progressOptions.traineeName]
            records = try names.map { name throws(ProgressStoreError) in try TraineeRecords.load(from: store, trainee: name) }
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if let html { try write(ProgressReport.html(records, competencyNames: CompetencyNames.names), to: html) }
        if let csv { try write(ProgressReport.csv(records), to: csv) }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            print("wrote \(path)")
        } catch {
            printError("cannot write '\(path)': \((error as NSError).localizedDescription)")
            throw ExitCode(1)
        }
    }
}

/// Display names of the competency ids (from the competency framework).
enum CompetencyNames {
    static let names: [String: String] = [
        "active-listening": "Active listening", "empathy": "Empathy", "de-escalation": "De-escalation",
        "clear-communication": "Clear communication", "policy-accuracy": "Policy accuracy",
        "problem-solving": "Problem solving", "escalation": "Escalation", "refunds-and-orders": "Refunds and orders",
        "record-keeping": "Record keeping", "diplomacy": "Diplomacy and tone", "follow-up": "Follow-up",
        "data-protection": "Identity and data protection",
    ]
}
