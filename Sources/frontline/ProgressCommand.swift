import ArgumentParser
import Foundation
import Progress
import Terminal

/// `frontline progress`: a trainee's levels, trends, retention, scenarios and what to do next.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Show a trainee's competency levels, quiz retention and role-play scores.")

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let store = try progressOptions.openStore()
        let summary: ProgressSummary
        do {
            summary = try ProgressSummary.load(from: store)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(ProgressText.render(summary, now: Date()))
        }
    }
}
