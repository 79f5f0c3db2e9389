import ArgumentParser
import Foundation
import KnowledgeBase
import Training

/// `frontline calibrate`: how well the reply scorer agrees with trainers' grades on the shipped
/// calibration set (`training/calibration/`).
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Compare the reply scorer with trainers' hand grades.",
        discussion: """
            Scores every graded reply in training/calibration/ on its step and plays every run as a \
            certification session. Reports, for the tuning half, the held-back half and both: pairwise order of \
            runs of different quality, Spearman's correlation of step scores with grades, how many excellent runs \
            pass, and how far rewordings of an excellent run spread. Lists the worst disagreements with the \
            evidence the scorer used.
            """)

    @OptionGroup var contentOptions: ContentOptions

    @Argument(help: "Only this scenario's runs.")
    var scenarioID: String?

    @Option(help: "How many of the worst disagreements to list.")
    var worst = 8

    @Option(help: "List disagreements only from this half: tuning or held-back.")
    var half: CalibrationHalf?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let knowledgeBase = try contentOptions.loadKnowledgeBase()
        let library = ScenarioLibrary(knowledgeBase: knowledgeBase)
        let set = CalibrationSet(knowledgeBase: knowledgeBase)
        for problem in set.diagnostics { FileHandle.standardError.write(Data("warning: \(problem)\n".utf8)) }
        if let scenarioID, library.scenario(id: scenarioID) == nil {
            printError("no scenario '\(scenarioID)'; `frontline roleplay --list` shows them")
            throw ExitCode(1)
        }
        guard !set.runs.isEmpty else {
            printError(
                "no graded replies in \(knowledgeBase.root.path)/training/calibration; add calibration files (see content/README.md)")
            throw ExitCode(1)
        }
        var report = Calibrator(library: library).report(for: set, scenario: scenarioID)
        if let half { report.worst.removeAll { $0.half != half } }
        if json {
            report.worst = Array(report.worst.prefix(worst))
            try printEncodedJSON(report)
            return
        }
        for key in ["tuning", "held-back", "all"] {
            guard let summary = report.summaries[key] else { continue }
            print(
                "\(key.padding(toLength: 9, withPad: " ", startingAt: 0))  pairwise \(Self.fixed(summary.pairwiseOrder)) (\(summary.pairs) pairs)"
                    + "  spearman \(Self.fixed(summary.spearman)) (\(summary.turns) turns)"
                    + "  excellent passed \(summary.excellentPassed)/\(summary.excellentScenarios)"
                    + "  rewording spread mean \(String(format: "%.1f", summary.paraphraseSpreadMean)), max \(summary.paraphraseSpreadMax),"
                    + " endings changed \(summary.endingChanges)/\(summary.rewordedScenarios)")
            let scale = ReplyQuality.allCases.compactMap { quality in
                summary.meanScore[quality.rawValue].map { "\(quality.rawValue) \(Int($0.rounded()))" }
            }
            print("           mean step score: " + scale.joined(separator: ", ") + " (a trainer's scale: 80+, 50-70, under 40, under 20)")
        }
        print("")
        print("runs (overall, ending):")
        for (scenario, runs) in Dictionary(grouping: report.runs, by: \.scenario).sorted(by: { $0.key < $1.key }) {
            let cells = runs.map {
                "\($0.half == .heldBack ? "h:" : "")\($0.run.replacingOccurrences(of: "excellent reworded ", with: "exc~")) \($0.overall)\($0.outcome == .resolved ? "" : " " + $0.outcome.rawValue)"
            }
            print("  \(scenario): " + cells.joined(separator: " · "))
        }
        print("")
        print("worst disagreements:")
        for turn in report.worst.prefix(worst) {
            print("  \(turn.location) [\(turn.run), \(turn.step)] grade \(turn.grade), score \(Int(turn.score.rounded()))")
            print("    reply: \(turn.reply.prefix(200))\(turn.reply.count > 200 ? "…" : "")")
            if !turn.met.isEmpty { print("    met: " + turn.met.joined(separator: "; ")) }
            if !turn.missed.isEmpty { print("    missed: " + turn.missed.joined(separator: "; ")) }
            if !turn.flags.isEmpty { print("    flagged: " + turn.flags.joined(separator: "; ")) }
        }
    }

    private static func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
}

extension CalibrationHalf: ExpressibleByArgument {}
