import ArgumentParser
import Foundation
import KnowledgeBase
import Progress
import Terminal
import Training

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
        let summary: ProgressSummary
        do {
            summary = try ProgressSummary.load(from: store)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        // Content only adds names and scenario advice; progress still shows without it.
        let knowledgeBase = try? ContentLoader(root: ContentLoader.resolveRoot(option: contentOptions.content)).load()
        let library = knowledgeBase.map { ScenarioLibrary(knowledgeBase: $0) }
        let framework = library?.framework ?? .builtIn
        var advice: [String: String] = [:]
        for id in summary.weakest {
            if let scenario = Self.scenario(for: id, in: library, summary: summary) { advice[id] = scenario }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(ProgressReportJSON(summary: summary, scenarioAdvice: advice)), as: UTF8.self))
        } else {
            let names = Dictionary(framework.competencies.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            print(ProgressText.render(summary, now: Date(), competencyNames: names, scenarioAdvice: advice))
        }
    }

    /// The scenario to practise for `competency`: one never tried first, else the one with the lowest best score.
    static func scenario(for competency: String, in library: ScenarioLibrary?, summary: ProgressSummary) -> String? {
        guard let candidates = library?.scenarios(competency: competency), !candidates.isEmpty else { return nil }
        let best = Dictionary(summary.scenarios.map { ($0.id, $0.bestOverall) }, uniquingKeysWith: max)
        return candidates.min { (best[$0.id] ?? -1, $0.id) < (best[$1.id] ?? -1, $1.id) }?.id
    }
}

/// The JSON shape of `progress --json`: the summary plus the scenario advised per weak competency.
struct ProgressReportJSON: Encodable {
    var summary: ProgressSummary
    var scenarioAdvice: [String: String]
}
