import Foundation

/// One trainee's records, as the report needs them.
public struct TraineeRecords: Sendable {
    /// The trainee's summary.
    public var summary: ProgressSummary
    /// Every quiz answer, oldest first.
    public var answers: [QuizAnswerRecord]
    /// Every role-play attempt, oldest first.
    public var attempts: [RolePlayAttemptRecord]

    public init(summary: ProgressSummary, answers: [QuizAnswerRecord], attempts: [RolePlayAttemptRecord]) {
        self.summary = summary
        self.answers = answers
        self.attempts = attempts
    }

    /// The records of `trainee` in `store`, summarised at `now`.
    public static func load(
        from store: any ProgressStore, trainee: String, now: Date = Date(), rolePlayWeights: [String: Double] = [:]
    ) throws(ProgressStoreError) -> TraineeRecords {
        let answers = try store.quizAnswers(trainee: trainee)
        let attempts = try store.rolePlayAttempts(trainee: trainee)
        let states = Array(try store.reviewStates(trainee: trainee).values)
        return TraineeRecords(
            summary: ProgressSummary(
                trainee: trainee, answers: answers, states: states, attempts: attempts, now: now, rolePlayWeights: rolePlayWeights),
            answers: answers, attempts: attempts)
    }
}

/// The trainers' report: one self-contained HTML file (inline CSS and SVG, no script, no network),
/// and the raw attempts as CSV.
///
/// It stays readable for a team of a hundred: the cohort table comes first, sorted as asked, with a
/// link to each trainee's section; the sections fold away (`<details>`) when there are many; wide
/// tables scroll inside the page at 1280 pixels instead of widening it.
public enum ProgressReport {
    /// The order of trainees in the cohort table and the sections.
    public enum Order: String, Sendable, CaseIterable {
        /// By name.
        case name
        /// The lowest overall level first: who needs help.
        case level
        /// The longest inactive first: who has stopped practising.
        case activity
    }

    /// Above this many trainees, each trainee's section starts folded.
    public static let foldedAbove = 5

    /// The HTML report of `trainees`, with a cohort view when there are several.
    ///
    /// - Parameters:
    ///   - competencyNames: display names by competency id (ids are shown when missing).
    ///   - passMarks: each scenario's pass mark (0-100), for the certification results.
    ///   - order: how trainees are sorted.
    public static func html(
        _ trainees: [TraineeRecords], competencyNames: [String: String] = [:], passMarks: [String: Int] = [:],
        order: Order = .name, generatedAt: Date = Date()
    ) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>frontline training report</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem auto;padding:0 1.5rem;color:#1d2430;max-width:76rem}
            h1{font-size:1.6rem}h2{border-bottom:2px solid #d0d7e2;padding-bottom:.3rem;margin-top:2.5rem}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #d0d7e2;padding:.25rem .6rem;text-align:left;white-space:nowrap}
            th{background:#eef2f7;position:sticky;top:0}.num{text-align:right}.weak{color:#a33}.muted{color:#667}
            table.cohort td:first-child,table.cohort th:first-child{position:sticky;left:0;background:#fff;z-index:1}
            table.cohort th:first-child{background:#eef2f7}
            .passed{color:#1e7b34}.failed{color:#a33}
            details.trainee>summary{cursor:pointer;font-size:1.25rem;font-weight:600;margin-top:1.5rem}
            svg text{font-family:system-ui,sans-serif;font-size:11px}
            </style>
            </head>
            <body>
            <h1>frontline training report</h1>

            """
        out +=
            "<p class=\"muted\">Generated \(escape(dateTime(generatedAt))) for \(trainees.count) trainee\(trainees.count == 1 ? "" : "s").</p>\n"
        func name(_ id: String) -> String { competencyNames[id] ?? id }
        let sorted = sort(trainees, by: order)
        if trainees.count > 1 { out += cohort(sorted, order: order, passMarks: passMarks, name: name) }
        let folded = trainees.count > foldedAbove
        for records in sorted { out += trainee(records, folded: folded, passMarks: passMarks, name: name) }
        if trainees.isEmpty { out += "<p>No trainee has any recorded progress yet.</p>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    static func sort(_ trainees: [TraineeRecords], by order: Order) -> [TraineeRecords] {
        switch order {
        case .name:
            return trainees.sorted { $0.summary.trainee.localizedStandardCompare($1.summary.trainee) == .orderedAscending }
        case .level:
            return trainees.sorted {
                ($0.summary.overallLevel ?? -1, $0.summary.trainee) < ($1.summary.overallLevel ?? -1, $1.summary.trainee)
            }
        case .activity:
            return trainees.sorted {
                ($0.summary.lastActive ?? .distantPast, $0.summary.trainee) < ($1.summary.lastActive ?? .distantPast, $1.summary.trainee)
            }
        }
    }

    /// Certification attempts: how many passed and failed, by the pass mark of each scenario.
    static func certifications(_ records: TraineeRecords) -> (passed: Int, failed: Int) {
        let graded = records.attempts.compactMap(\.passed)
        return (graded.filter { $0 }.count, graded.filter { !$0 }.count)
    }

    private static func cohort(
        _ trainees: [TraineeRecords], order: Order, passMarks: [String: Int], name: (String) -> String
    ) -> String {
        let ids = Set(trainees.flatMap { $0.summary.competencies.map(\.id) }).sorted()
        var out = "<section id=\"cohort\">\n<h2>Cohort</h2>\n"
        var averages: [(String, Double)] = []
        for id in ids {
            let levels = trainees.compactMap { $0.summary.competencies.first { $0.id == id }?.level }
            averages.append((name(id), levels.reduce(0, +) / Double(max(1, levels.count))))
        }
        out += "<h3>Average level per competency</h3>\n" + barChart(averages)
        let orderNote: String =
            switch order {
            case .name: "by name"
            case .level: "lowest overall level first"
            case .activity: "longest inactive first"
            }
        out += "<h3>Levels by trainee</h3>\n<p class=\"muted\">Sorted \(orderNote) (`frontline report --sort name|level|activity`). "
        out += "Certifications count graded attempts against each scenario's pass mark.</p>\n"
        out += "<div class=\"scroll\">\n<table class=\"cohort\">\n<tr><th>Trainee</th><th>Overall</th><th>Last active</th>"
        out += "<th>Certifications</th>"
        for id in ids { out += "<th>\(escape(name(id)))</th>" }
        out += "<th>Quiz answers</th><th>Role-plays</th></tr>\n"
        for records in trainees {
            let summary = records.summary
            out += "<tr><td><a href=\"#trainee-\(anchor(summary.trainee))\">\(escape(summary.trainee))</a></td>"
            if let overall = summary.overallLevel {
                out += "<td class=\"num\" style=\"background:\(color(overall))\">\(percent(overall))</td>"
            } else {
                out += "<td class=\"muted\">–</td>"
            }
            out += "<td>\(summary.lastActive.map { escape(dateOnly($0)) } ?? "–")</td>"
            let (passed, failed) = certifications(records)
            if passed + failed == 0 {
                out += "<td class=\"muted\">none</td>"
            } else {
                out += "<td><span class=\"passed\">\(passed) passed</span>, <span class=\"failed\">\(failed) failed</span></td>"
            }
            for id in ids {
                if let level = summary.competencies.first(where: { $0.id == id })?.level {
                    out += "<td class=\"num\" style=\"background:\(color(level))\">\(percent(level))</td>"
                } else {
                    out += "<td class=\"muted\">–</td>"
                }
            }
            out += "<td class=\"num\">\(records.answers.count)</td><td class=\"num\">\(records.attempts.count)</td></tr>\n"
        }
        out += "</table>\n</div>\n</section>\n"
        return out
    }

    private static func trainee(
        _ records: TraineeRecords, folded: Bool, passMarks: [String: Int], name: (String) -> String
    ) -> String {
        let summary = records.summary
        let id = "trainee-\(anchor(summary.trainee))"
        var out: String
        if folded {
            let overall = summary.overallLevel.map { " · \(percent($0)) overall" } ?? ""
            out = "<details class=\"trainee\" id=\"\(id)\">\n<summary>\(escape(summary.trainee))\(overall)</summary>\n"
        } else {
            out = "<section class=\"trainee\" id=\"\(id)\">\n<h2>\(escape(summary.trainee))</h2>\n"
        }
        let close = folded ? "</details>\n" : "</section>\n"
        let retention = summary.retention.map(percent) ?? "no reviews yet"
        out += "<p>\(summary.quizAnswerCount) quiz answers (\(summary.quizCorrectCount) right), retention on reviews \(retention); "
        out += "\(records.attempts.count) role-play attempts over \(summary.scenarios.count) scenarios.</p>\n"
        if summary.competencies.isEmpty {
            out += "<p class=\"muted\">No competency evidence yet.</p>\n" + close
            return out
        }
        out += "<h3>Competency levels</h3>\n" + barChart(summary.competencies.map { (name($0.id), $0.level) })
        out += "<h3>Competencies over time</h3>\n"
        if summary.activeDays.count < 2 {
            let day = summary.activeDays.first.map { " (\(escape(dateOnly($0))))" } ?? ""
            out += "<p class=\"muted\">One active day so far\(day): the levels above are the whole story. "
            out += "The chart starts with a second day of practice.</p>\n"
        } else {
            out += lineChart(summary.competencies.map { (name($0.id), $0.trend) }, days: summary.activeDays)
        }
        out += "<h3>Weakest areas</h3>\n<ol class=\"weakest\">\n"
        for id in summary.weakest {
            let competency = summary.competencies.first { $0.id == id }
            var line = "<li><span class=\"weak\">\(escape(name(id)))</span>: \(percent(competency?.level ?? 0))"
            if let article = competency?.mostMissedArticle { line += "; most missed article: \(escape(article))" }
            out += line + "</li>\n"
        }
        out += "</ol>\n<h3>Role-play attempts</h3>\n"
        if records.attempts.isEmpty {
            out += "<p class=\"muted\">None yet.</p>\n"
        } else {
            out += "<div class=\"scroll\">\n<table class=\"attempts\">\n<tr><th>Ended</th><th>Scenario</th><th>Mode</th><th>Status</th>"
            out += "<th>Outcome</th><th>Overall</th><th>Certification</th><th>Competencies</th></tr>\n"
            for attempt in records.attempts.reversed() {
                let scores = attempt.competencyScores.sorted { $0.key < $1.key }.map { "\(escape(name($0.key))) \(percent($0.value))" }
                out +=
                    "<tr><td>\(escape(dateTime(attempt.endedAt)))</td><td>\(escape(attempt.scenarioID))</td><td>\(escape(attempt.mode))</td>"
                out +=
                    "<td>\(attempt.status.rawValue)</td><td>\(escape(attempt.outcome ?? "–"))</td><td class=\"num\">\(percent(attempt.overall))</td>"
                out += "<td>\(certificationResult(attempt, passMark: passMarks[attempt.scenarioID]))</td>"
                out += "<td>\(scores.joined(separator: ", "))</td></tr>\n"
            }
            out += "</table>\n</div>\n"
        }
        out += "<h3>Quiz sessions</h3>\n"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let days = Dictionary(grouping: records.answers) { calendar.startOfDay(for: $0.answeredAt) }.sorted { $0.key > $1.key }
        if days.isEmpty {
            out += "<p class=\"muted\">None yet.</p>\n"
        } else {
            out += "<table class=\"quiz-days\">\n<tr><th>Day</th><th>Answers</th><th>Right</th></tr>\n"
            for (day, answers) in days {
                let right = answers.filter(\.isCorrect).count
                out +=
                    "<tr><td>\(escape(dateOnly(day)))</td><td class=\"num\">\(answers.count)</td><td class=\"num\">\(right) (\(percent(Double(right) / Double(answers.count))))</td></tr>\n"
            }
            out += "</table>\n"
        }
        return out + close
    }

    /// "passed" or "failed" with the pass mark for a graded attempt; a dash for practice.
    static func certificationResult(_ attempt: RolePlayAttemptRecord, passMark: Int?) -> String {
        guard let passed = attempt.passed else { return "<span class=\"muted\">practice</span>" }
        let mark = passMark.map { " (pass mark \($0)%)" } ?? ""
        return passed ? "<span class=\"passed\">passed\(mark)</span>" : "<span class=\"failed\">failed\(mark)</span>"
    }

    /// A horizontal bar chart of labelled values between 0 and 1.
    static func barChart(_ items: [(String, Double)]) -> String {
        let rowHeight = 22
        let labelWidth = 170
        let width = 560
        let height = rowHeight * items.count + 10
        var out = "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">\n"
        for (index, (label, value)) in items.enumerated() {
            let y = 5 + index * rowHeight
            let barWidth = Int((min(1, max(0, value)) * Double(width - labelWidth - 50)).rounded())
            out += "<text x=\"0\" y=\"\(y + 15)\">\(escape(label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"15\" fill=\"\(color(value, strong: true))\"/>"
            out += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 15)\">\(percent(value))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// One polyline per series of values between 0 and 1 over the same points in time, with the
    /// first and last of `days` under the axis.
    static func lineChart(_ series: [(String, [Double])], days: [Date] = []) -> String {
        let width = 560
        let height = 200
        let left = 40
        let plotWidth = width - left - 10
        let plotHeight = 150
        let palette = [
            "#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00", "#b82e2e", "#316395", "#994499",
            "#22aa99",
        ]
        var out =
            "<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height + 16 * ((series.count + 2) / 3))\" role=\"img\">\n"
        for tick in [0, 50, 100] {
            let y = 10 + plotHeight - plotHeight * tick / 100
            out +=
                "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotWidth)\" y2=\"\(y)\" stroke=\"#d0d7e2\"/><text x=\"0\" y=\"\(y + 4)\">\(tick)%</text>\n"
        }
        if let first = days.first, let last = days.last, days.count > 1 {
            let y = 10 + plotHeight + 14
            out += "<text x=\"\(left)\" y=\"\(y)\">\(escape(dateOnly(first)))</text>"
            out += "<text x=\"\(left + plotWidth)\" y=\"\(y)\" text-anchor=\"end\">\(escape(dateOnly(last)))</text>\n"
        }
        for (index, (label, values)) in series.enumerated() {
            let colour = palette[index % palette.count]
            let step = values.count > 1 ? Double(plotWidth) / Double(values.count - 1) : 0
            let points = values.enumerated().map { offset, value in
                let x = Double(left) + step * Double(offset) + (values.count == 1 ? Double(plotWidth) / 2 : 0)
                let y = 10 + Double(plotHeight) * (1 - min(1, max(0, value)))
                return "\(Int(x.rounded())),\(Int(y.rounded()))"
            }
            if points.count == 1 {
                let xy = points[0].split(separator: ",")
                out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(colour)\"/>"
            } else {
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
            }
            let legendY = height + 16 * (index / 3)
            let legendX = left + (index % 3) * 175
            out +=
                "<rect x=\"\(legendX)\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\" fill=\"\(colour)\"/><text x=\"\(legendX + 14)\" y=\"\(legendY)\">\(escape(label))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Every quiz answer and role-play attempt of `trainees`, one CSV row each (RFC 4180 quoting).
    public static func csv(_ trainees: [TraineeRecords]) -> String {
        // One column per competency, so a spreadsheet can average or chart each one directly.
        let competencies = Set(trainees.flatMap { $0.answers.map(\.competency) + $0.attempts.flatMap(\.competencyScores.keys) }).sorted()
        var rows = [
            [
                "trainee", "kind", "item", "article", "started_at", "ended_at", "score_percent", "correct", "status", "outcome", "mode",
                "fsrs_rating", "response",
            ] + competencies.map { "\($0)_percent" }
        ]
        for records in trainees {
            let name = records.summary.trainee
            // Each trainee's rows in time order, quiz answers and role-plays interleaved.
            var timed: [(Date, [String])] = []
            for answer in records.answers {
                let score = answer.isCorrect ? "100" : "0"
                timed.append(
                    (
                        answer.answeredAt,
                        [
                            name, "quiz", answer.questionID, answer.articleID ?? "", iso(answer.answeredAt), iso(answer.answeredAt), score,
                            answer.isCorrect ? "true" : "false", "finished", "", "quiz", "\(answer.rating)", answer.response,
                        ] + competencies.map { $0 == answer.competency ? score : "" }
                    ))
            }
            for attempt in records.attempts {
                timed.append(
                    (
                        attempt.startedAt,
                        [
                            name, "roleplay", attempt.scenarioID, "", iso(attempt.startedAt), iso(attempt.endedAt),
                            wholePercent(attempt.overall),
                            attempt.passed.map { $0 ? "true" : "false" } ?? "", attempt.status.rawValue, attempt.outcome ?? "",
                            attempt.mode,
                            "", "",
                        ] + competencies.map { attempt.competencyScores[$0].map(wholePercent) ?? "" }
                    ))
            }
            rows += timed.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        }
        return rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ text: String) -> String {
        // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it with a quote mark.
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                    scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F
                {
                    out += "\u{FFFD}"
                } else {
                    out.append(character)
                }
            }
        }
        return out
    }

    static func anchor(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    /// A 0-1 score as a whole percentage without the sign, for a spreadsheet column: `0.75` → `75`.
    static func wholePercent(_ value: Double) -> String { "\(Int((value * 100).rounded()))" }

    static func color(_ level: Double, strong: Bool = false) -> String {
        if strong { return level < 0.4 ? "#d9534f" : level < 0.7 ? "#f0ad4e" : "#5cb85c" }
        return level < 0.4 ? "#f7d4d3" : level < 0.7 ? "#fbe8c8" : "#d5efd5"
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func dateTime(_ date: Date) -> String { utc(date, "yyyy-MM-dd HH:mm 'UTC'") }

    static func dateOnly(_ date: Date) -> String { utc(date, "yyyy-MM-dd") }

    /// `date` in UTC, written with the fixed `format`.
    private static func utc(_ date: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
