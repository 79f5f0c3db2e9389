import Foundation
import Progress
import Testing

@testable import Terminal

@Suite struct ProgressTextTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func answer(_ question: String, _ competency: String, correct: Bool, day: Double) -> QuizAnswerRecord {
        QuizAnswerRecord(
            questionID: question, competency: competency, articleID: "refunds", response: "x", isCorrect: correct,
            rating: correct ? 3 : 1, answeredAt: start.addingTimeInterval(day * 86_400))
    }

    static let summary = ProgressSummary(
        trainee: "ana",
        answers: [Self.answer("q1", "de-escalation", correct: true, day: 0)]
            + (1...6).map { Self.answer("p\($0)", "policy-accuracy", correct: $0 > 4, day: Double($0 % 2)) },
        states: [], attempts: [], now: start)

    @Test func oneAnswerIsNotALevelAndEveryLevelSaysWhatItRestsOn() {
        let text = ProgressText.render(Self.summary, now: Self.start)
        let lines = text.split(separator: "\n").map(String.init)
        let deEscalation = lines.first { $0.contains("de-escalation") && $0.contains("%") } ?? ""
        #expect(deEscalation.contains("not enough evidence yet (1 quiz answer)"))
        #expect(!deEscalation.contains("strong"))
        let policy = lines.first { $0.contains("policy-accuracy") && $0.contains("%") } ?? ""
        #expect(policy.contains("needs work (6 quiz answers)"))
        #expect(!text.contains(" new "))
    }

    @Test func competencyRowsFitTheWidthWithTheirBarsAligned() {
        for width in [60, 80, 120] {
            let lines = ProgressText.render(Self.summary, now: Self.start, width: width).split(separator: "\n").map(String.init)
            let rows = lines.filter { ($0.hasPrefix("  de-escalation") || $0.hasPrefix("  policy-accuracy")) && !$0.contains("`") }
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0.count <= width }, "\(width): \(rows)")
            // The percentages, right after the bars, start in one column.
            let percentColumns = Set(rows.map { row in row.distance(from: row.startIndex, to: row.firstIndex(where: \.isNumber)!) })
            #expect(percentColumns.count == 1, "\(width): \(rows)")
        }
    }

    @Test func adviceIsWrittenAsTheCommandsOfWhereItIsRead() {
        let repl = ProgressText.render(
            Self.summary, now: Self.start, scenarioAdvice: ["policy-accuracy": "refund-outside-window-chat"], commands: .repl)
        #expect(repl.contains("`quiz policy-accuracy`"))
        #expect(repl.contains("`open refunds`"))
        #expect(repl.contains("`practice refund-outside-window-chat`"))
        #expect(!repl.contains("frontline "))
        #expect(!repl.contains("practise"))
        let shell = ProgressText.render(Self.summary, now: Self.start, commands: .shell)
        #expect(shell.contains("`frontline quiz policy-accuracy`"))
    }
}
