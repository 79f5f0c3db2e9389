import Foundation
import KnowledgeBase
import Training

/// Role-play scoring time: every graded reply of a content folder's calibration set, scored on its step.
struct ScoringMeasurement: Codable {
    /// Scenarios, and the time to compile all their scorers (rubrics, behaviours, paraphrases).
    var scenarios: Int
    var scorersMs: Double
    /// Replies scored per round, and their words on average.
    var replies: Int
    var meanWords: Double
    /// Per reply, over every round after a warm-up.
    var p50Us: Double
    var p99Us: Double
    var meanUs: Double
    /// A whole certification session of each run, per session.
    var sessionP50Ms: Double

    static func run(content: String, rounds: Int) throws -> ScoringMeasurement {
        let knowledgeBase = try ContentLoader(root: URL(fileURLWithPath: content)).load()
        let library = ScenarioLibrary(knowledgeBase: knowledgeBase)
        let set = CalibrationSet(knowledgeBase: knowledgeBase)
        guard !set.runs.isEmpty else {
            throw BenchError(
                description: "no calibration replies in \(content)/training/calibration; point --scoring at a content folder that has them")
        }
        let compileStart = Measurement.now()
        var scorers: [String: ReplyScorer] = [:]
        for scenario in library.scenarios { scorers[scenario.id] = library.scorer(for: scenario) }
        let compiled = Measurement.now() - compileStart

        var cases: [(ReplyScorer, ScenarioStep, String)] = []
        for run in set.runs {
            guard let scenario = library.scenario(id: run.scenario), let scorer = scorers[run.scenario] else { continue }
            for graded in run.replies {
                if let step = scenario.step(id: graded.step) { cases.append((scorer, step, graded.reply)) }
            }
        }
        var sink = 0.0
        var samples: [Double] = []
        for round in 0...rounds {
            for (scorer, step, reply) in cases {
                let start = Measurement.now()
                sink += scorer.score(reply, at: step).score
                if round > 0 { samples.append((Measurement.now() - start) * 1_000_000) }
            }
        }
        var sessions: [Double] = []
        for run in set.runs {
            guard let scenario = library.scenario(id: run.scenario), let scorer = scorers[run.scenario] else { continue }
            let start = Measurement.now()
            var session = RolePlaySession(scenario: scenario, mode: .certification, scorer: scorer)
            while let step = session.currentStep, let graded = run.reply(to: step.id) { session.submit(graded.reply) }
            sink += Double(session.debrief().overall)
            sessions.append((Measurement.now() - start) * 1000)
        }
        if sink.isNaN { print("") }
        samples.sort()
        sessions.sort()
        let words = cases.map { Double($0.2.split(separator: " ").count) }
        return ScoringMeasurement(
            scenarios: scorers.count, scorersMs: compiled * 1000, replies: cases.count,
            meanWords: words.reduce(0, +) / Double(max(1, words.count)),
            p50Us: samples[samples.count / 2], p99Us: samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))],
            meanUs: samples.reduce(0, +) / Double(samples.count), sessionP50Ms: sessions[sessions.count / 2])
    }

    var text: String {
        String(
            format:
                "%d scenarios, scorers compiled in %.1f ms; %d replies (%.0f words on average): p50 %.0f µs, p99 %.0f µs, mean %.0f µs a reply; a certification session p50 %.2f ms",
            scenarios, scorersMs, replies, meanWords, p50Us, p99Us, meanUs, sessionP50Ms)
    }
}
