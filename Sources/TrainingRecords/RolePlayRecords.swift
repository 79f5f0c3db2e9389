import Foundation
import Progress
import Training

extension RolePlayAttemptRecord {
    /// The stored form of a role-play debrief: scores scaled from 0-100 to 0-1, the transcript as
    /// customer and agent lines per step, `abandoned` when the session ended before an ending, and
    /// whether a certification attempt passed.
    public init(_ attempt: RolePlayAttempt, startedAt: Date, endedAt: Date) {
        var transcript: [Turn] = []
        for step in attempt.steps {
            transcript.append(Turn(speaker: "customer", text: step.customer, stepID: step.step))
            transcript.append(Turn(speaker: "agent", text: step.reply, stepID: step.step))
        }
        let isAbandoned = attempt.outcome == .abandoned
        self.init(
            scenarioID: attempt.scenario, mode: attempt.mode.rawValue, outcome: isAbandoned ? nil : attempt.outcome.rawValue,
            overall: Double(attempt.overall) / 100, competencyScores: attempt.competencies.mapValues { Double($0) / 100 },
            stepScores: attempt.steps.map { StepScore(stepID: $0.step, score: $0.score.score / 100) }, transcript: transcript,
            status: isAbandoned ? .abandoned : .finished, startedAt: startedAt, endedAt: endedAt,
            passed: attempt.mode == .certification ? attempt.passed : nil)
    }
}
