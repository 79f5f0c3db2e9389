import Foundation

/// One past role-play attempt, as the planner needs it.
public struct ScenarioAttempt: Sendable, Hashable {
    /// The scenario played.
    public var scenarioID: String
    /// When the attempt ended.
    public var endedAt: Date
    /// The overall score, 0 to 1.
    public var overall: Double

    public init(scenarioID: String, endedAt: Date, overall: Double) {
        self.scenarioID = scenarioID
        self.endedAt = endedAt
        self.overall = overall
    }
}

/// A scenario proposed for practice, with why.
public struct ScenarioRecommendation: Sendable {
    /// The scenario proposed.
    public var scenario: Scenario
    /// When the scenario is due again (now for one never tried).
    public var due: Date
    /// Higher is more urgent.
    public var priority: Double
    /// The trainee's weakest competencies that the scenario trains, weakest first.
    public var weakCompetencies: [String]
    /// Whether it was never tried.
    public var isNew: Bool
}

/// Brings scenarios back on a spaced schedule, weighted toward the trainee's weak competencies, so
/// practice follows the trainee rather than a fixed syllabus.
///
/// A scenario failed last time (below its pass mark) is due a day later; one passed `n` times in a row
/// is due `3·2^(n−1)` days later (at most 60). Among due scenarios, the priority is the mean weakness
/// (1 − level) of the competencies it trains, with competencies never assessed counted as 0.5, plus
/// up to 0.5 for being overdue; a never-tried scenario counts as due now. Scenarios not yet due come
/// last, soonest first.
public struct ScenarioPlanner: Sendable {
    /// The scenarios to choose from.
    public let scenarios: [Scenario]

    public init(scenarios: [Scenario]) {
        self.scenarios = scenarios
    }

    /// The days until a scenario comes back after `attempts` (oldest first), given its pass mark (0-100).
    public static func intervalDays(after attempts: [ScenarioAttempt], passMark: Int) -> Int {
        var streak = 0
        for attempt in attempts.reversed() {
            guard attempt.overall * 100 >= Double(passMark) else { break }
            streak += 1
        }
        guard streak > 0 else { return 1 }
        return min(60, 3 << (min(streak, 6) - 1))
    }

    /// How much a scenario's priority drops for each difficulty level beyond the trainee's reach (the
    /// level after the highest they have passed): enough to put a beginner scenario first for a
    /// trainee who has passed none, not so much that a long-overdue one is never offered.
    static let beyondReachPenalty = 0.6

    /// Every scenario, most useful first, for a trainee with competency `levels` (0-1) and past `attempts`.
    public func recommendations(levels: [String: Double], attempts: [ScenarioAttempt], now: Date = Date())
        -> [ScenarioRecommendation]
    {
        let byScenario = Dictionary(grouping: attempts.sorted { $0.endedAt < $1.endedAt }, by: \.scenarioID)
        // A trainee moves up one difficulty at a time: the level after the highest one passed.
        let levelsOrder = Difficulty.allCases
        let passedRanks = scenarios.filter { scenario in
            (byScenario[scenario.id] ?? []).contains { $0.overall * 100 >= Double(scenario.passMark) }
        }.compactMap { levelsOrder.firstIndex(of: $0.difficulty) }
        let reach = (passedRanks.max() ?? -1) + 1
        let result = scenarios.map { scenario -> ScenarioRecommendation in
            let past = byScenario[scenario.id] ?? []
            let due: Date
            if let last = past.last {
                due = last.endedAt.addingTimeInterval(Double(Self.intervalDays(after: past, passMark: scenario.passMark)) * 86_400)
            } else {
                due = now
            }
            let weaknesses = scenario.competencies.map { (id: $0, weakness: 1 - (levels[$0] ?? 0.5)) }
            let meanWeakness = weaknesses.isEmpty ? 0.5 : weaknesses.map(\.weakness).reduce(0, +) / Double(weaknesses.count)
            var priority: Double
            if due <= now {
                priority = meanWeakness + min(0.5, now.timeIntervalSince(due) / 86_400 / 14)
            } else {
                priority = -due.timeIntervalSince(now) / 86_400
            }
            let beyondReach = max(0, (levelsOrder.firstIndex(of: scenario.difficulty) ?? 0) - reach)
            priority -= Self.beyondReachPenalty * Double(beyondReach)
            let weak = weaknesses.filter { $0.weakness >= 0.3 }.sorted { ($0.weakness, $1.id) > ($1.weakness, $0.id) }.map(\.id)
            return ScenarioRecommendation(scenario: scenario, due: due, priority: priority, weakCompetencies: weak, isNew: past.isEmpty)
        }
        return result.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.scenario.difficulty != $1.scenario.difficulty { return $0.scenario.difficulty < $1.scenario.difficulty }
            return $0.scenario.id < $1.scenario.id
        }
    }

    /// The scenario to practise next for `competency`, if any scenario trains it.
    public func next(for competency: String, levels: [String: Double], attempts: [ScenarioAttempt], now: Date = Date())
        -> ScenarioRecommendation?
    {
        recommendations(levels: levels, attempts: attempts, now: now).first { $0.scenario.competencies.contains(competency) }
    }
}
