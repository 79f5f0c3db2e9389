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
        // The cohort's bars; ana's bars and trend; ben's bars (one active day: a note, not a chart).
        #expect(html.components(separatedBy: "<svg").count - 1 == 1 + 2 + 1)
        #expect(html.contains("One active day so far (2026-09-24): the levels above are the whole story."))
        #expect(html.contains("<td class=\"num\">75%</td>"))
    }

    @Test func certificationsShowPassOrFailWithThePassMark() {
        var records = Self.records()
        var passed = ProgressSummaryTests.attempt("lost-parcel", overall: 0.85, scores: ["empathy": 0.9], day: 3)
        passed.passed = true
        passed.mode = "certification"
        var failed = ProgressSummaryTests.attempt("angry-caller", overall: 0.6, scores: ["empathy": 0.5], day: 4)
        failed.passed = false
        failed.mode = "certification"
        records[1].attempts = [passed, failed]
        let html = ProgressReport.html(
            records, passMarks: ["lost-parcel": 80, "angry-caller": 75], generatedAt: ProgressSummaryTests.start)
        #expect(html.contains("<span class=\"passed\">passed (pass mark 80%)</span>"))
        #expect(html.contains("<span class=\"failed\">failed (pass mark 75%)</span>"))
        #expect(html.contains("<span class=\"muted\">practice</span>"))
        #expect(html.contains("<td><span class=\"passed\">1 passed</span>, <span class=\"failed\">1 failed</span></td>"))
        #expect(html.contains("<td class=\"muted\">none</td>"))
    }

    @Test func aLargeTeamIsSortedAsAskedAndFolded() {
        let now = ProgressSummaryTests.start.addingTimeInterval(30 * 86_400)
        let team = (0..<100).map { index -> TraineeRecords in
            // Trainee 7 is the weakest, trainee 42 the longest inactive.
            let day = Double(index == 42 ? 0 : 10 + index % 10)
            let answers = (0..<5).map {
                ProgressSummaryTests.answer("q\($0)", "empathy", correct: index != 7 && $0 < 3 + index % 3, day: day)
            }
            let name = "agent \(index)"
            return TraineeRecords(
                summary: ProgressSummary(trainee: name, answers: answers, states: [], attempts: [], now: now), answers: answers,
                attempts: [])
        }
        func firstRow(_ order: ProgressReport.Order) -> String? {
            let html = ProgressReport.html(team, order: order, generatedAt: now)
            guard let table = html.range(of: "<table class=\"cohort\">") else { return nil }
            let rest = html[table.upperBound...]
            guard let link = rest.range(of: "#trainee-") else { return nil }
            return String(rest[link.upperBound...].prefix { $0 != "\"" })
        }
        #expect(firstRow(.name) == "agent-0")
        #expect(firstRow(.level) == "agent-7")
        #expect(firstRow(.activity) == "agent-42")
        // "agent 10" after "agent 9", as a person sorts.
        let byName = ProgressReport.html(team, order: .name, generatedAt: now)
        #expect(byName.range(of: "#trainee-agent-9\"")!.lowerBound < byName.range(of: "#trainee-agent-10\"")!.lowerBound)
        #expect(byName.components(separatedBy: "<details class=\"trainee\"").count - 1 == 100)
        #expect(byName.contains("<div class=\"scroll\">\n<table class=\"cohort\">"))
        // Two trainees stay unfolded.
        #expect(!ProgressReport.html(Self.records(), generatedAt: now).contains("<details"))
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
