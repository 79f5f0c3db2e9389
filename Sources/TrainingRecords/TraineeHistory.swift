import Foundation
import Progress
import Training

/// A trainee's stored progress in the shapes the training layer plans with: the summary, past
/// role-play attempts, competency levels, and which scenario to practise for each weak competency.
public struct TraineeHistory: Sendable {
    public let summary: ProgressSummary
    public let attempts: [ScenarioAttempt]

    /// Reads the trainee's history from `store`, weighing role-plays in each level as `framework` says.
    public init(store: any ProgressStore, framework: CompetencyFramework = .builtIn) throws {
        summary = try ProgressSummary.load(from: store, rolePlayWeights: framework.rolePlayWeights)
        attempts = try store.rolePlayAttempts().map {
            ScenarioAttempt(scenarioID: $0.scenarioID, endedAt: $0.endedAt, overall: $0.overall)
        }
    }

    /// Whether the trainee has answered or practised anything yet.
    public var isEmpty: Bool { summary.quizAnswerCount == 0 && attempts.isEmpty }

    /// Each competency's level, 0-1.
    public var levels: [String: Double] {
        Dictionary(summary.competencies.map { ($0.id, $0.level) }, uniquingKeysWith: { first, _ in first })
    }

    /// For each of the weakest competencies, the id of the scenario to practise next.
    public func scenarioAdvice(_ planner: ScenarioPlanner) -> [String: String] {
        var advice: [String: String] = [:]
        for id in summary.weakest {
            if let next = planner.next(for: id, levels: levels, attempts: attempts) { advice[id] = next.scenario.id }
        }
        return advice
    }

    /// The one scenario to practise next: the one for the weakest competency, else the most due.
    public func nextScenario(_ planner: ScenarioPlanner) -> ScenarioRecommendation? {
        summary.weakest.lazy.compactMap { planner.next(for: $0, levels: levels, attempts: attempts) }.first
            ?? planner.recommendations(levels: levels, attempts: attempts).first
    }
}
