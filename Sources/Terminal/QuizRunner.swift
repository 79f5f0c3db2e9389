import Foundation
import KnowledgeBase
import Progress
import Training
import TrainingRecords

/// Runs a ``RecordedQuiz`` over lines of input and output: reads each answer, and writes the
/// feedback and the next question as text.
///
/// The `quiz` command and the REPL's `quiz` share it; they supply how to read a line (interactive
/// or piped) and where to write.
public struct QuizRunner {
    /// The session, recording every answer as it is given.
    public private(set) var quiz: RecordedQuiz
    /// For article titles in the feedback, when loaded.
    public let knowledgeBase: KnowledgeBase?
    /// Whether to colour the output with ANSI escapes.
    public var usesColor: Bool

    /// The session being run.
    public var session: QuizSession { quiz.session }

    public init(
        session: QuizSession, store: any ProgressStore, knowledgeBase: KnowledgeBase?, usesColor: Bool,
        now: @escaping () -> Date = Date.init
    ) {
        quiz = RecordedQuiz(session: session, store: store, now: now)
        self.knowledgeBase = knowledgeBase
        self.usesColor = usesColor
    }

    private var renderer: QuizRenderer { QuizRenderer(knowledgeBase: knowledgeBase, usesColor: usesColor) }

    /// Asks every question, reading answers with `read` (`nil` ends the session early) and writing with `write`.
    ///
    /// - Returns: the summary of the answered questions.
    /// - Throws: ``ProgressStoreError`` when an answer cannot be recorded (the session stops there).
    public mutating func run(read: (String) -> String?, write: (String) -> Void) throws(ProgressStoreError) -> QuizSummary {
        write(begin())
        while !session.isFinished {
            guard let line = read("answer> ") else {
                write(finish(endedEarly: true))
                return quiz.summary
            }
            let step = try handle(line)
            write(step.text)
        }
        return quiz.summary
    }

    /// The opening and the first question (or why there is nothing to ask), for step-by-step use such as a REPL mode.
    public func begin() -> String {
        guard let prompt = session.current else { return renderer.nothingDue(quiz.summary) }
        let reviews = session.queue.filter { session.cards[$0.id] != nil }.count
        return renderer.opening(total: session.queue.count, reviews: reviews) + "\n" + renderer.prompt(prompt)
    }

    /// Grades one typed line and records it: the feedback and the next question, or the closing score
    /// after the last one. `continues` is `false` once the session is over.
    public mutating func handle(_ line: String) throws(ProgressStoreError) -> (text: String, continues: Bool) {
        guard !session.isFinished else { return (finish(endedEarly: false), false) }
        switch try quiz.submit(line) {
        case .unreadable(let hint):
            return (renderer.unreadable(hint), true)
        case .graded(let feedback):
            var text = renderer.feedback(feedback, now: quiz.now())
            if let next = session.current {
                text += "\n" + renderer.prompt(next)
                return (text, true)
            }
            return (text + "\n" + finish(endedEarly: false), false)
        }
    }

    /// The closing score and when reviews are next due (for `/stop` in a REPL, `endedEarly: true`).
    public func finish(endedEarly: Bool) -> String {
        renderer.closing(quiz.summary, endedEarly: endedEarly && !session.isFinished, now: quiz.now())
    }
}

/// The text of a quiz session: prompts, feedback with the difference marked, and the closing score.
public struct QuizRenderer: Sendable {
    /// For article titles in the feedback, when loaded.
    public let knowledgeBase: KnowledgeBase?
    /// Whether to colour the output with ANSI escapes.
    public let usesColor: Bool

    public init(knowledgeBase: KnowledgeBase?, usesColor: Bool) {
        self.knowledgeBase = knowledgeBase
        self.usesColor = usesColor
    }

    /// `text` in `style`, through the theme every front end renders with.
    private func paint(_ text: String, _ style: TextStyle) -> String {
        Theme(usesColour: usesColor).encode(StyledLine(text, style: style))
    }

    /// The first lines of a session.
    public func opening(total: Int, reviews: Int) -> String {
        let new = total - reviews
        return "Quiz: \(total) question\(total == 1 ? "" : "s") (\(reviews) due for review, \(new) new). An empty answer shows the answer."
    }

    /// One question with its numbered choices.
    public func prompt(_ prompt: QuizPrompt) -> String {
        var text = "\n" + paint("[\(prompt.number)/\(prompt.total)]", .strong) + (prompt.isReview ? " (review) " : " ")
        text += Self.clean(prompt.question.prompt) + "\n"
        for (index, choice) in prompt.choices.enumerated() { text += "  \(index + 1). \(Self.clean(choice))\n" }
        text += paint("  (\(prompt.instructions))", .dim)
        return text
    }

    /// Said when an answer could not be read.
    public func unreadable(_ hint: String) -> String { "  could not read that: \(hint)" }

    /// Right or wrong, the difference for typed answers, the explanation and the article.
    public func feedback(_ feedback: QuizFeedback, now: Date) -> String {
        var text: String
        if feedback.isCorrect {
            text = paint("  ✓ right", .success)
            if let match = feedback.shortAnswer, match.hasForgivenTypo {
                text += " (typo forgiven: " + marked(match.differences) + ")"
            }
        } else {
            text = paint("  ✗ not quite", .error)
            if let match = feedback.shortAnswer, !feedback.response.isEmpty {
                text += "\n  you typed: \(Self.clean(feedback.response))\n  accepted:  \(Self.clean(match.closestAnswer))"
                // A character diff helps with a near miss (35 days / 30 days), not with a different answer.
                let common = match.differences.filter { $0.kind == .same }.reduce(0) { $0 + $1.text.count }
                if common * 2 >= match.closestAnswer.count {
                    text += "\n  difference: " + marked(match.differences)
                }
            } else if !feedback.missedOptions.isEmpty || !feedback.wrongOptions.isEmpty, !feedback.response.isEmpty {
                // A partly right multi-select: say exactly what was left out and what should not be there.
                for option in feedback.missedOptions { text += "\n  missing: \(Self.clean(option))" }
                for option in feedback.wrongOptions { text += "\n  not right: \(Self.clean(option))" }
            } else {
                text += " — the answer: \(Self.clean(feedback.correctAnswer))"
            }
        }
        text += "\n  " + Self.clean(feedback.question.explanation)
        let title = knowledgeBase?.article(id: feedback.question.articleID)?.title
        let article = feedback.question.articleID
        text += "\n  " + paint("read: " + (title.map { "\(Self.clean($0)) (`open \(article)`)" } ?? "`open \(article)`"), .code)
        text += "\n  next time: " + Self.relative(feedback.due, from: now)
        return text
    }

    /// The score and when reviews are next due.
    public func closing(_ summary: QuizSummary, endedEarly: Bool, now: Date) -> String {
        if summary.asked == 0 { return "\nQuiz stopped before the first answer: nothing was recorded." }
        let share = summary.asked > 0 ? Int((Double(summary.correct) / Double(summary.asked) * 100).rounded()) : 0
        var text =
            "\n" + (endedEarly ? "Session ended early. " : "") + paint("Score: \(summary.correct)/\(summary.asked) (\(share)%)", .strong)
        if let next = summary.nextDue {
            text += "\nNext review: \(Self.relative(next, from: now))"
            if summary.dueWithinADay > 0 {
                text += " (\(summary.dueWithinADay) question\(summary.dueWithinADay == 1 ? "" : "s") due within a day)"
            }
        }
        return text
    }

    /// Said when nothing is due and nothing is new.
    public func nothingDue(_ summary: QuizSummary) -> String {
        if let next = summary.nextDue {
            return "Nothing to review now: every question is learnt. Next review: \(Self.relative(next, from: Date()))."
        }
        return "No questions to ask."
    }

    /// `3[5→0] days`: typed text with each difference from the accepted answer in brackets
    /// (`[typed→accepted]`, `[-typed]` for extra, `[+accepted]` for missing).
    public func marked(_ differences: [TextDifference]) -> String {
        var text = ""
        var index = 0
        while index < differences.count {
            let difference = differences[index]
            switch difference.kind {
            case .same:
                text += Self.clean(difference.text)
            case .extra, .missing:
                var extra = ""
                var missing = ""
                while index < differences.count, differences[index].kind != .same {
                    if differences[index].kind == .extra { extra += differences[index].text } else { missing += differences[index].text }
                    index += 1
                }
                index -= 1
                let body =
                    extra.isEmpty
                    ? "+" + Self.clean(missing) : missing.isEmpty ? "-" + Self.clean(extra) : Self.clean(extra) + "→" + Self.clean(missing)
                text += paint("[" + body + "]", .warning)
            }
            index += 1
        }
        return text
    }

    /// `in 10 minutes`, `tomorrow`, `in 4 days (2026-11-27)`.
    public static func relative(_ date: Date, from now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        if seconds <= 60 { return "now" }
        if seconds < 3_600 { return "in \(Int((seconds / 60).rounded())) minutes" }
        if seconds < 86_400 - 1 { return "in \(Int((seconds / 3_600).rounded())) hours" }
        let days = Int((seconds / 86_400).rounded())
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return days == 1 ? "tomorrow (\(formatter.string(from: date)))" : "in \(days) days (\(formatter.string(from: date)))"
    }

    /// Text with control characters (escape sequences from content or input) replaced, so they never reach the terminal raw.
    public static func clean(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar
                }))
    }
}
