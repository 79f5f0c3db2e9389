import ArgumentParser
import Foundation
import KnowledgeBase
import Progress
import Terminal
import Training
import TrainingRecords

/// `frontline progress`: a trainee's levels, trends, retention, scenarios and what to do next.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Show a trainee's competency levels, quiz retention and role-play scores.")

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var contentOptions: ContentOptions

    func run() throws {
        let store = try progressOptions.openStore()
        try progressOptions.requireRecords(in: store)
        // Content only adds names, role-play weights and scenario advice; progress still shows without it.
        let knowledgeBase = try? ContentLoader(root: ContentLoader.resolveRoot(option: contentOptions.content)).load()
        let library = knowledgeBase.map { ScenarioLibrary(knowledgeBase: $0) }
        let framework = library?.framework ?? .builtIn
        let history: TraineeHistory
        do {
            history = try TraineeHistory(store: store, framework: framework)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let summary = history.summary
        let advice = history.scenarioAdvice(ScenarioPlanner(scenarios: library?.scenarios ?? []))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(ProgressReportJSON(summary: summary, scenarioAdvice: advice)), as: UTF8.self))
        } else {
            let names = Dictionary(framework.competencies.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let output = TerminalOutput()
            for line in ProgressText.render(summary, now: Date(), competencyNames: names, scenarioAdvice: advice, width: output.columns)
                .split(separator: "\n", omittingEmptySubsequences: false)
            {
                output.writeLine(String(line))
            }
        }
    }
}

/// The JSON shape of `progress --json`: the summary plus the scenario advised per weak competency.
struct ProgressReportJSON: Encodable {
    var summary: ProgressSummary
    var scenarioAdvice: [String: String]
}
