import Foundation

/// Scores a ``CalibrationSet`` and measures how well the scores agree with the trainers' grades.
///
/// Every reply is scored on its own step (per-turn agreement), and every run is played as a session
/// in certification mode, each step answered by the run's reply to it (overall score, ending, pass).
public struct Calibrator: Sendable {
    /// The scenarios the runs answer.
    public let library: ScenarioLibrary

    /// A calibrator over `library`'s scenarios.
    public init(library: ScenarioLibrary) {
        self.library = library
    }

    /// The report for `set`, limited to `scenario` when given.
    public func report(for set: CalibrationSet, scenario: String? = nil) -> CalibrationReport {
        var turns: [CalibrationReport.Turn] = []
        var runs: [CalibrationReport.Run] = []
        for run in set.runs where scenario == nil || run.scenario == scenario {
            guard let scenarioValue = library.scenario(id: run.scenario) else { continue }
            let scorer = library.scorer(for: scenarioValue)
            for graded in run.replies {
                guard let step = scenarioValue.step(id: graded.step) else { continue }
                let score = scorer.score(graded.reply, at: step)
                turns.append(CalibrationReport.Turn(run: run, reply: graded, score: score))
            }
            var session = RolePlaySession(scenario: scenarioValue, mode: .certification, scorer: scorer)
            while let step = session.currentStep {
                guard let graded = run.reply(to: step.id) else {
                    session.abandon(reason: "the run has no reply to step '\(step.id)'")
                    break
                }
                session.submit(graded.reply)
            }
            let attempt = session.debrief()
            let grades = run.replies.map { Double($0.grade) }
            runs.append(
                CalibrationReport.Run(
                    scenario: run.scenario, run: run.name, quality: run.quality, half: run.half, overall: attempt.overall,
                    outcome: attempt.outcome, passed: attempt.passed, handMean: grades.reduce(0, +) / Double(max(1, grades.count)),
                    path: attempt.steps.map(\.step)))
        }
        var summaries: [String: CalibrationReport.Summary] = [:]
        for half in CalibrationHalf.allCases {
            let halfTurns = turns.filter { $0.half == half }
            guard !halfTurns.isEmpty else { continue }
            summaries[half.rawValue] = Self.summary(turns: halfTurns, runs: runs.filter { $0.half == half })
        }
        summaries["all"] = Self.summary(turns: turns, runs: runs)
        let worst = turns.sorted { abs($0.score - Double($0.grade)) > abs($1.score - Double($1.grade)) }
        return CalibrationReport(summaries: summaries, runs: runs, worst: worst)
    }

    static func summary(turns: [CalibrationReport.Turn], runs: [CalibrationReport.Run]) -> CalibrationReport.Summary {
        var summary = CalibrationReport.Summary()
        summary.turns = turns.count
        summary.spearman = Self.spearman(turns.map(\.score), turns.map { Double($0.grade) })
        // Pairwise order: within a scenario and half, every pair of runs of different quality.
        var correct = 0.0
        var pairs = 0
        let groups = Dictionary(grouping: runs) { "\($0.half.rawValue)/\($0.scenario)" }
        for (_, group) in groups {
            for a in group {
                for b in group where a.quality > b.quality {
                    pairs += 1
                    if a.overall > b.overall { correct += 1 } else if a.overall == b.overall { correct += 0.5 }
                }
            }
            let excellent = group.filter { $0.quality == .excellent }
            if let original = excellent.first(where: { !$0.run.lowercased().contains("reword") }) ?? excellent.first {
                summary.excellentScenarios += 1
                if original.passed { summary.excellentPassed += 1 }
            }
            if excellent.count >= 2 {
                let overalls = excellent.map(\.overall)
                let spread = overalls.max()! - overalls.min()!
                summary.rewordedScenarios += 1
                summary.paraphraseSpreadTotal += spread
                summary.paraphraseSpreadMax = max(summary.paraphraseSpreadMax, spread)
                if Set(excellent.map(\.outcome)).count > 1 { summary.endingChanges += 1 }
            }
        }
        summary.pairs = pairs
        summary.pairwiseOrder = pairs > 0 ? correct / Double(pairs) : 0
        for quality in ReplyQuality.allCases {
            let scores = turns.filter { $0.quality == quality }.map(\.score)
            if !scores.isEmpty { summary.meanScore[quality.rawValue] = (scores.reduce(0, +) / Double(scores.count) * 10).rounded() / 10 }
        }
        return summary
    }

    /// Spearman's rank correlation of two equally long lists (ties share their mean rank).
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count > 1 else { return 0 }
        let rx = ranks(x)
        let ry = ranks(y)
        let mx = rx.reduce(0, +) / Double(rx.count)
        let my = ry.reduce(0, +) / Double(ry.count)
        var covariance = 0.0
        var vx = 0.0
        var vy = 0.0
        for index in rx.indices {
            covariance += (rx[index] - mx) * (ry[index] - my)
            vx += (rx[index] - mx) * (rx[index] - mx)
            vy += (ry[index] - my) * (ry[index] - my)
        }
        return vx > 0 && vy > 0 ? covariance / (vx * vy).squareRoot() : 0
    }

    /// The rank of each value, 1-based, ties sharing the mean of their ranks.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { result[order[position]] = rank }
            start = end + 1
        }
        return result
    }
}

/// What ``Calibrator`` measured: agreement per half, every run's result, and the worst disagreements.
public struct CalibrationReport: Sendable, Codable {
    /// Agreement figures by half (`tuning`, `held-back`) and for the whole set (`all`).
    public var summaries: [String: Summary]
    /// Every run played as a certification session.
    public var runs: [Run]
    /// Every scored turn, the one whose score is furthest from its grade first.
    public var worst: [Turn]

    /// Agreement figures for a group of runs.
    public struct Summary: Sendable, Codable {
        /// Share of pairs of runs of different quality (same scenario) that the overall scores order right.
        public var pairwiseOrder = 0.0
        /// How many such pairs there were.
        public var pairs = 0
        /// Spearman's rank correlation of step scores with hand grades, over every turn.
        public var spearman = 0.0
        /// How many turns were scored.
        public var turns = 0
        /// Scenarios whose excellent run passes in certification.
        public var excellentPassed = 0
        /// Scenarios with an excellent run.
        public var excellentScenarios = 0
        /// Scenarios with two or more wordings of the excellent run.
        public var rewordedScenarios = 0
        /// Sum over those scenarios of the spread (highest minus lowest overall) of the wordings.
        public var paraphraseSpreadTotal = 0
        /// The largest spread.
        public var paraphraseSpreadMax = 0
        /// Scenarios where the wording changed how the conversation ended.
        public var endingChanges = 0
        /// The mean step score of each quality's replies (a trainer's scale: excellent 80 or more,
        /// adequate 50-70, poor under 40, hostile under 20).
        public var meanScore: [String: Double] = [:]

        /// The mean spread of the excellent wordings, in points.
        public var paraphraseSpreadMean: Double { rewordedScenarios > 0 ? Double(paraphraseSpreadTotal) / Double(rewordedScenarios) : 0 }

        enum CodingKeys: String, CodingKey {
            case pairwiseOrder = "pairwise_order"
            case pairs, spearman, turns
            case excellentPassed = "excellent_passed"
            case excellentScenarios = "excellent_scenarios"
            case rewordedScenarios = "reworded_scenarios"
            case paraphraseSpreadTotal = "paraphrase_spread_total"
            case paraphraseSpreadMax = "paraphrase_spread_max"
            case endingChanges = "ending_changes"
            case meanScore = "mean_score"
        }
    }

    /// One run played through.
    public struct Run: Sendable, Codable {
        public var scenario: String
        public var run: String
        public var quality: ReplyQuality
        public var half: CalibrationHalf
        /// The session's overall score.
        public var overall: Int
        /// How the session ended.
        public var outcome: Ending
        /// Whether it passed in certification.
        public var passed: Bool
        /// The mean hand grade of the run's replies.
        public var handMean: Double
        /// The steps the session went through.
        public var path: [String]

        enum CodingKeys: String, CodingKey {
            case scenario, run, quality, half, overall, outcome, passed
            case handMean = "hand_mean"
            case path
        }
    }

    /// One reply scored on its step.
    public struct Turn: Sendable, Codable {
        public var scenario: String
        public var run: String
        public var quality: ReplyQuality
        public var half: CalibrationHalf
        public var step: String
        /// The hand grade.
        public var grade: Int
        /// The step score.
        public var score: Double
        public var reply: String
        /// What the scorer credited.
        public var met: [String]
        /// What the scorer found missing.
        public var missed: [String]
        /// Red flags and contradicted figures.
        public var flags: [String]
        /// The file and line of the reply.
        public var location: String

        init(run: CalibrationRun, reply: GradedReply, score: ReplyScore) {
            scenario = run.scenario
            self.run = run.name
            quality = run.quality
            half = run.half
            step = reply.step
            grade = reply.grade
            self.score = score.score
            self.reply = reply.reply
            met = score.evidence.map { "\($0.expectation) ('\($0.matched)')" }
            missed = score.misses.map(\.expectation)
            flags =
                score.redFlags.map { "\($0.reason) ('\($0.matched)')" }
                + score.factsContradicted.map { "\($0.topic): said \($0.stated), policy \($0.expected)" }
            location = "\(run.path):\(reply.line)"
        }
    }
}
