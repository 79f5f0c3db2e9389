import Foundation
import Search
import TestSupport

@testable import Training

/// Written replies of each quality for every step of a scenario, read from
/// `Fixtures/replies/<scenario-id>.md`: a `## step-id` heading per step, then `- quality: reply` items.
struct ReplyFixture {
    /// The qualities, best first, in the order the scorer must rank them.
    static let ranked = ["excellent", "adequate", "poor", "hostile"]

    /// Step id → quality → reply.
    var replies: [String: [String: String]] = [:]

    init(scenarioID: String) throws {
        let url = FixtureFolder.url("replies").appendingPathComponent(scenarioID + ".md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var step: String? = nil
        for line in text.split(separator: "\n") {
            if line.hasPrefix("## ") {
                step = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("- "), let step, let colon = line.firstIndex(of: ":") {
                let quality = line[line.index(line.startIndex, offsetBy: 2)..<colon].trimmingCharacters(in: .whitespaces)
                replies[step, default: [:]][quality] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// A keyword-stuffed reply made of the step's own rubric: the content words of the first phrase of
    /// every expectation and every fact's figure, as a comma-separated list (no sentences).
    static func stuffed(for step: ScenarioStep, analyzer: TextAnalyzer = TextAnalyzer()) -> String {
        let phrases = step.expectations.compactMap(\.phrases.first).map { phrase in
            analyzer.tokens(in: phrase).filter { !$0.isStopWord }.map { String(phrase[$0.range]) }.joined(separator: " ")
        }
        return (phrases + step.facts.map(\.figure)).filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
