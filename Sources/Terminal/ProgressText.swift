import Foundation
import Progress

/// The text of `progress`: per-competency bars with sparklines, retention, scenarios, next steps.
public enum ProgressText {
    /// The whole progress page of `summary` at `now`.
    ///
    /// - Parameters:
    ///   - competencyNames: display names by competency id.
    ///   - scenarioAdvice: a scenario id to practise for a competency id, shown with the weakest ones.
    public static func render(
        _ summary: ProgressSummary, now: Date, competencyNames: [String: String] = [:], scenarioAdvice: [String: String] = [:]
    ) -> String {
        var lines = ["Progress of \(QuizRenderer.clean(summary.trainee))"]
        if summary.competencies.isEmpty {
            lines.append("No quiz answers or role-plays yet. Start with: frontline quiz")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append("Competencies (level, trend over the last active days):")
        let width = summary.competencies.map { (competencyNames[$0.id] ?? $0.id).count }.max() ?? 10
        for competency in summary.competencies {
            let name = competencyNames[competency.id] ?? competency.id
            let padded = name + String(repeating: " ", count: max(0, width - name.count))
            var line = "  \(padded)  \(ProgressGlyphs.bar(competency.level, width: 20)) \(percent(competency.level))"
            line += "  \(ProgressGlyphs.sparkline(competency.trend))  \(ProgressGlyphs.label(competency.level))"
            lines.append(line)
        }
        lines.append("")
        let retention = summary.retention.map { "\(percent($0)) of \(summary.reviewCount) reviews right" } ?? "no reviews yet"
        lines.append(
            "Quizzes: \(summary.quizAnswerCount) answers, \(summary.quizCorrectCount) right; retention: \(retention); "
                + "\(summary.scheduledQuestions) questions scheduled, \(summary.dueQuestions) due now")
        if let next = summary.nextDue, summary.dueQuestions == 0 {
            lines.append("Next review: \(QuizRenderer.relative(next, from: now))")
        }
        if summary.scenarios.isEmpty {
            lines.append("Role-plays: none yet")
        } else {
            lines.append("Role-plays: \(summary.scenarios.count) scenarios tried")
            for scenario in summary.scenarios {
                lines.append(
                    "  \(scenario.id): best \(percent(scenario.bestOverall)), last \(percent(scenario.lastOverall)), \(scenario.attempts) attempt\(scenario.attempts == 1 ? "" : "s") (\(scenario.finished) finished)")
            }
        }
        lines.append("")
        lines.append("Work on next:")
        for id in summary.weakest {
            guard let competency = summary.competencies.first(where: { $0.id == id }) else { continue }
            var advice = "  \(competencyNames[id] ?? id) (\(percent(competency.level))): frontline quiz --competency \(id)"
            if let article = competency.mostMissedArticle { advice += "; re-read kb:\(article) (frontline quiz \(article))" }
            if let scenario = scenarioAdvice[id] { advice += "; practise scenario \(scenario)" }
            lines.append(advice)
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
