import Foundation
import Progress

/// The text of `progress`: per-competency bars with sparklines, retention, scenarios, next steps.
public enum ProgressText {
    /// The whole progress page of `summary` at `now`.
    ///
    /// - Parameters:
    ///   - competencyNames: display names by competency id.
    ///   - scenarioAdvice: a scenario id to practise for a competency id, shown with the weakest ones.
    ///   - commands: how to write the advice: as REPL commands (`quiz refunds`) or shell ones.
    ///   - width: the columns the competency rows must fit.
    public static func render(
        _ summary: ProgressSummary, now: Date, competencyNames: [String: String] = [:], scenarioAdvice: [String: String] = [:],
        commands: AdviceStyle = .shell, width: Int = 120
    ) -> String {
        var lines = ["Progress of \(QuizRenderer.clean(summary.trainee))"]
        if summary.competencies.isEmpty {
            lines.append("No quiz answers or role-plays yet. Start with: \(commands.quiz(nil)) or \(commands.practice(nil))")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        lines.append("Competencies (level from quizzes and role-plays, trend over the last active days, evidence):")
        // Columns that fit `width`: the bar shrinks first; the verdict moves to its own line when the
        // row would not fit, so that the bars stay aligned.
        let nameWidth = summary.competencies.map { (competencyNames[$0.id] ?? $0.id).count }.max() ?? 10
        let trendWidth = min(12, summary.competencies.map(\.trend.count).max() ?? 0)
        let barWidth = max(6, min(20, width - nameWidth - trendWidth - 14))
        for competency in summary.competencies {
            let name = competencyNames[competency.id] ?? competency.id
            let padded = name + String(repeating: " ", count: max(0, nameWidth - name.count))
            var line =
                "  \(padded)  \(ProgressGlyphs.bar(competency.level, width: barWidth)) \(percent(competency.level).padding(toLength: 4, withPad: " ", startingAt: 0))"
            // One active day is a point, not a trend.
            let trend = competency.trend.count >= 2 ? ProgressGlyphs.sparkline(competency.trend) : ""
            if trendWidth > 0 { line += "  " + trend.padding(toLength: trendWidth, withPad: " ", startingAt: 0) }
            let verdict =
                (competency.hasEnoughEvidence ? ProgressGlyphs.label(competency.level) : "not enough evidence yet")
                + " (\(evidence(competency)))"
            if line.count + 2 + verdict.count <= width {
                lines.append(line + "  " + verdict)
            } else {
                lines.append(line)
                lines.append("      " + verdict)
            }
        }
        lines.append("")
        let retention = summary.retention.map { "\(percent($0)) of \(summary.reviewCount) reviews right" } ?? "no reviews yet"
        lines.append(
            "Quizzes: \(plural(summary.quizAnswerCount, "answer")), \(summary.quizCorrectCount) right; retention: \(retention); "
                + "\(plural(summary.scheduledQuestions, "question")) scheduled, \(summary.dueQuestions) due now")
        if let next = summary.nextDue, summary.dueQuestions == 0 {
            lines.append("Next review: \(QuizRenderer.relative(next, from: now))")
        }
        if summary.scenarios.isEmpty {
            lines.append("Role-plays: none yet")
        } else {
            lines.append("Role-plays: \(plural(summary.scenarios.count, "scenario")) tried")
            for scenario in summary.scenarios {
                lines.append(
                    "  \(scenario.id): best \(percent(scenario.bestOverall)), last \(percent(scenario.lastOverall)), \(scenario.attempts) attempt\(scenario.attempts == 1 ? "" : "s") (\(scenario.finished) finished)"
                )
            }
        }
        lines.append("")
        lines.append("Work on next:")
        for id in summary.weakest {
            guard let competency = summary.competencies.first(where: { $0.id == id }) else { continue }
            var advice = "  \(competencyNames[id] ?? id) (\(percent(competency.level))): \(commands.quiz(id))"
            if let article = competency.mostMissedArticle {
                advice += "; re-read it with \(commands.open(article)), then \(commands.quiz(article))"
            }
            if let scenario = scenarioAdvice[id] { advice += "; \(commands.practice(scenario))" }
            lines.append(advice)
        }
        return lines.joined(separator: "\n")
    }

    /// "5 quiz answers, 2 role-plays".
    static func evidence(_ competency: ProgressSummary.Competency) -> String {
        var parts: [String] = []
        if competency.quizAnswers > 0 { parts.append("\(competency.quizAnswers) quiz answer\(competency.quizAnswers == 1 ? "" : "s")") }
        if competency.rolePlayAttempts > 0 {
            parts.append("\(competency.rolePlayAttempts) role-play\(competency.rolePlayAttempts == 1 ? "" : "s")")
        }
        return parts.joined(separator: ", ")
    }

    /// "1 answer", "2 answers".
    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    /// Where the advice will be read, so that it can be typed as written.
    public enum AdviceStyle: Sendable {
        /// At the shell: `frontline quiz --competency empathy`.
        case shell
        /// At the REPL's prompt: `quiz empathy`.
        case repl

        func quiz(_ topic: String?) -> String {
            switch self {
            case .shell: topic.map { "`frontline quiz \($0)`" } ?? "`frontline quiz`"
            case .repl: topic.map { "`quiz \($0)`" } ?? "`quiz`"
            }
        }

        // Practice and reading are interactive: at the shell the advice says what to type in frontline.
        func practice(_ scenario: String?) -> String {
            switch self {
            case .shell: scenario.map { "`practice \($0)` in frontline" } ?? "`practice` in frontline"
            case .repl: scenario.map { "`practice \($0)`" } ?? "`practice`"
            }
        }

        func open(_ article: String) -> String {
            switch self {
            case .shell: "`open \(article)` in frontline"
            case .repl: "`open \(article)`"
            }
        }
    }
}
