import Foundation
import Testing

@testable import Progress

@Suite struct ProgressReportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func records() -> [TraineeRecords] {
        let ana = [
            ProgressSummaryTests.answer("q1", "empathy", correct: true, day: 0),
            ProgressSummaryTests.answer("q2", "policy-accuracy", correct: false, day: 1),
            ProgressSummaryTests.answer("q1", "empathy", correct: true, day: 4),
        ]
        var tricky = ProgressSummaryTests.attempt("lost-parcel", overall: 0.75, scores: ["empathy": 0.8, "de-escalation": 0.7], day: 2)
        tricky.outcome = "<script>alert(1)</script>"
        let anaAttempts = [tricky]
        let ben = [ProgressSummaryTests.answer("q3", "escalation", correct: true, day: 3)]
        let now = ProgressSummaryTests.start.addingTimeInterval(5 * 86_400)
        return [
            TraineeRecords(
                summary: ProgressSummary(trainee: "ana", answers: ana, states: [], attempts: anaAttempts, now: now), answers: ana,
                attempts: anaAttempts),
            TraineeRecords(
                summary: ProgressSummary(trainee: "ben", answers: ben, states: [], attempts: [], now: now), answers: ben, attempts: []),
        ]
    }

    /// The element skeleton of an HTML page: one line per start tag, with its id and class, indented by depth.
    static func structure(of html: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "<(/?)([a-zA-Z0-9]+)([^>]*?)(/?)>")
        let voids: Set<String> = ["meta", "rect", "line", "circle", "polyline", "br", "!doctype"]
        var depth = 0
        var lines: [String] = []
        let range = NSRange(html.startIndex..., in: html)
        for match in pattern.matches(in: html, range: range) {
            let closing = Range(match.range(at: 1), in: html).map { !html[$0].isEmpty } ?? false
            let name = Range(match.range(at: 2), in: html).map { String(html[$0]).lowercased() } ?? ""
            let attributes = Range(match.range(at: 3), in: html).map { String(html[$0]) } ?? ""
            let selfClosing = Range(match.range(at: 4), in: html).map { !html[$0].isEmpty } ?? false
            if closing {
                depth -= 1
                continue
            }
            var line = String(repeating: "  ", count: max(0, depth)) + name
            for key in ["id", "class"] {
                if let value = attributes.range(of: "\(key)=\"[^\"]*\"", options: .regularExpression) { line += " " + attributes[value] }
            }
            lines.append(line)
            if !selfClosing && !voids.contains(name) { depth += 1 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func htmlReportMatchesTheGoldenStructure() throws {
        let html = ProgressReport.html(Self.records(), competencyNames: ["empathy": "Empathy"], generatedAt: ProgressSummaryTests.start)
        let goldenURL = Self.fixtures.appendingPathComponent("report-structure.txt")
        // After a deliberate change to the report's layout: FRONTLINE_UPDATE_GOLDEN=1 swift test --filter ProgressReportTests
        if ProcessInfo.processInfo.environment["FRONTLINE_UPDATE_GOLDEN"] != nil {
            try Self.structure(of: html).write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(Self.structure(of: html) == golden)
    }

    @Test func htmlReportIsSelfContainedAndEscaped() {
        let html = ProgressReport.html(Self.records(), generatedAt: ProgressSummaryTests.start)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").range(of: "http") == nil)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 1 + 2 * 2)
        #expect(html.contains("<td class=\"num\">75%</td>"))
    }

    @Test func csvHasOneRowPerAnswerAndAttempt() {
        let csv = ProgressReport.csv(Self.records())
        let rows = csv.split(separator: "\r\n")
        #expect(rows.count == 1 + 3 + 1 + 1)
        #expect(
            rows[0]
                == "trainee,kind,item,article,started_at,ended_at,score_percent,correct,status,outcome,mode,fsrs_rating,response,"
                + "de-escalation_percent,empathy_percent,escalation_percent,policy-accuracy_percent")
        // A role-play's competencies each in their own column, as whole percentages.
        #expect(rows.contains { $0.hasPrefix("ana,roleplay,lost-parcel,,") && $0.hasSuffix(",practice,,,70,80,,") })
        // A quiz answer: its score under its competency, the FSRS rating in its own column.
        let wrong = try! #require(rows.first { $0.hasPrefix("ana,quiz,q2,") })
        let fields = wrong.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(fields[6] == "0" && fields[11] == "1" && fields[16] == "0" && fields[14].isEmpty)
    }

    @Test func csvQuotesFieldsAndDefusesFormulas() {
        #expect(ProgressReport.csvField("a,b") == "\"a,b\"")
        #expect(ProgressReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ProgressReport.csvField("=SUM(A1)") == "'=SUM(A1)")
        #expect(ProgressReport.csvField("-0.5") == "-0.5")
    }
}
