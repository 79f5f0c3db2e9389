import Training

/// How a role-play reads on a terminal, for the REPL and `frontline roleplay` alike: the customer's
/// lines, the feedback on a reply, the walk through every turn, the closing words and the debrief.
public struct RolePlayText {
    /// The competency names feedback and the debrief use.
    public let framework: CompetencyFramework
    /// The width to wrap to.
    public let width: Int

    /// A renderer for `framework`'s names at `width` columns.
    public init(framework: CompetencyFramework, width: Int) {
        self.framework = framework
        self.width = width
    }

    /// What the customer says, after their first name and mood.
    public func customer(_ text: String, name: String, mood: Mood?) -> [StyledLine] {
        var prefix = StyledLine(name, style: .strong)
        prefix.append(mood.map { " (\($0.rawValue)): " } ?? ": ", style: .dim)
        return TextWrapper.wrap([StyledSpan(text)], width: width, hangingAfter: prefix)
    }

    /// The customer's closing words and that the conversation is over.
    public func closing(_ closing: ClosingLine, name: String, outcome: Ending) -> [StyledLine] {
        customer(closing.text, name: name, mood: closing.mood)
            + [StyledLine("(the conversation ends: \(outcome.rawValue))", style: .dim)]
    }

    /// The plain-words feedback on one reply: score, what was done and missed, problems, model answer.
    public func feedback(_ result: StepResult) -> [StyledLine] {
        var lines: [StyledLine] = []
        for line in ReplyFeedback(result, competencyName: framework.name(of:)).lines {
            let (marker, style): (String, TextStyle) =
                switch line.kind {
                case .headline: ("score ", result.branch.band == .good ? .strong : .warning)
                case .done: ("  + ", [])
                case .missed: ("  - ", .warning)
                case .problem: ("  ! ", .warning)
                case .note: ("  * ", .dim)
                case .modelAnswer: ("  model answer: ", .dim)
                }
            lines += TextWrapper.wrap([StyledSpan(line.text, style: style)], width: width, hangingAfter: StyledLine(marker, style: .dim))
        }
        return lines
    }

    /// Every turn of `attempt`: the customer's line, the reply, and its feedback; with `branches`, the
    /// step each turn was and where it led (for trainers testing a scenario).
    public func transcript(_ attempt: RolePlayAttempt, name: String, branches: Bool = false) -> [StyledLine] {
        var lines: [StyledLine] = []
        for (index, result) in attempt.steps.enumerated() {
            var speaker = StyledLine("\(index + 1). ", style: .strong)
            if branches { speaker.append("[\(result.step)] ", style: .dim) }
            speaker.append("\(name) (\(result.mood.rawValue)): ", style: .strong)
            lines += TextWrapper.wrap([StyledSpan(result.customer)], width: width, hangingAfter: speaker)
            lines += TextWrapper.wrap([StyledSpan(result.reply)], width: width, hangingAfter: StyledLine("   you: ", style: .dim))
            lines += feedback(result)
            if branches { lines.append(StyledLine("  → \(result.branch.to)", style: .dim)) }
        }
        return lines
    }

    /// The outcome, a bar per competency, the overall score against the pass mark, critical misses and
    /// what to read.
    public func debrief(_ attempt: RolePlayAttempt) -> [StyledLine] {
        var lines = [StyledLine("outcome: \(attempt.outcome.rawValue)" + (attempt.endReason.map { " (\($0))" } ?? ""))]
        let names = attempt.competencies.keys.sorted().map { ($0, framework.name(of: $0)) }
        let widest = names.map { DisplayWidth.of($0.1) }.max() ?? 0
        for (id, name) in names {
            let score = attempt.competencies[id] ?? 0
            let bar = String(repeating: "#", count: score / 10) + String(repeating: ".", count: 10 - score / 10)
            lines.append(StyledLine("  " + name + String(repeating: " ", count: widest + 2 - DisplayWidth.of(name)) + bar + " \(score)"))
        }
        lines.append(
            StyledLine(
                "overall: \(attempt.overall)/100, pass mark \(attempt.passMark): \(attempt.passed ? "passed" : "not passed")",
                style: attempt.passed ? .strong : .warning))
        for miss in attempt.criticalMisses {
            lines += TextWrapper.wrap([[StyledSpan("critical miss: " + miss, style: .warning)]], width: width)
        }
        if !attempt.readingList.isEmpty {
            lines += TextWrapper.wrap([[StyledSpan("read: " + attempt.readingList.joined(separator: ", "))]], width: width)
        }
        return lines
    }
}
