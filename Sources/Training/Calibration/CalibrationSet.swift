import Foundation
import KnowledgeBase

/// How good a calibration run was meant to be, from best to worst.
public enum ReplyQuality: String, Sendable, Codable, CaseIterable, Comparable {
    case excellent, adequate, poor, hostile

    /// Better qualities come first.
    public static func < (lhs: ReplyQuality, rhs: ReplyQuality) -> Bool {
        allCases.firstIndex(of: lhs)! > allCases.firstIndex(of: rhs)!
    }
}

/// Which half of the calibration set a run belongs to: the half used to tune the scorer, or the half
/// kept out of tuning to show how the scorer does on replies it was never adjusted to.
public enum CalibrationHalf: String, Sendable, Codable, CaseIterable {
    case tuning
    case heldBack = "held-back"
}

/// One reply of a calibration run, with the grade a trainer gave it.
public struct GradedReply: Sendable, Hashable {
    /// The step the reply answers.
    public var step: String
    /// The hand grade, 0-100.
    public var grade: Int
    /// The reply.
    public var reply: String
    /// The file line.
    public var line: Int
}

/// A run of replies to one scenario, one for each step, written blind at one quality.
public struct CalibrationRun: Sendable, Hashable {
    /// The scenario id.
    public var scenario: String
    /// The run's heading (`excellent`, `excellent reworded 1`, `poor`...).
    public var name: String
    /// The quality the run was written at.
    public var quality: ReplyQuality
    /// Whether the run rewords another excellent run.
    public var isRewording: Bool
    /// The half of the set the run's file belongs to.
    public var half: CalibrationHalf
    /// The replies, in the file's order.
    public var replies: [GradedReply]
    /// The file the run came from.
    public var path: String

    /// The reply to `step`, if the run has one.
    public func reply(to step: String) -> GradedReply? { replies.first { $0.step == step } }
}

/// The graded replies of a content folder (`training/calibration/`), parsed from their Markdown.
///
/// A file names its scenario in the front matter; each `##` heading is a run whose first word is its
/// quality; each list item is `STEP (GRADE): reply`. A file in a folder named `held-back` belongs to the
/// held-back half; every other file to the tuning half.
public struct CalibrationSet: Sendable {
    /// Every run, by file path and then file order.
    public var runs: [CalibrationRun]
    /// Problems found while reading.
    public var diagnostics: [Diagnostic]

    /// Reads every calibration file of `knowledgeBase`.
    public init(knowledgeBase: KnowledgeBase) {
        var runs: [CalibrationRun] = []
        var diagnostics: [Diagnostic] = []
        for article in knowledgeBase.articles(of: .calibration) {
            let (parsed, problems) = Self.parse(article)
            runs += parsed
            diagnostics += problems
        }
        self.runs = runs
        self.diagnostics = diagnostics
    }

    /// The runs of one scenario.
    public func runs(for scenario: String) -> [CalibrationRun] { runs.filter { $0.scenario == scenario } }

    /// Parses one calibration file.
    static func parse(_ article: Article) -> ([CalibrationRun], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func error(_ message: String, _ line: Int) { diagnostics.append(.error(message, path: article.path, line: line)) }
        var scenario = ""
        if let field = article.frontMatter["scenario"], case .scalar(let value) = field.value, !value.trimmedText.isEmpty {
            scenario = value.trimmedText
        } else {
            error("calibration file has no 'scenario'; add 'scenario: SCENARIO-ID' to the front matter", 1)
            return ([], diagnostics)
        }
        let half: CalibrationHalf = article.path.split(separator: "/").contains("held-back") ? .heldBack : .tuning
        let (_, sections) = MarkdownLines.sections(MarkdownLines.lines(of: article), level: 2)
        var runs: [CalibrationRun] = []
        for (heading, body) in sections {
            let name = heading.headingText.withoutInlineMarks.trimmedText
            let firstWord = String(name.prefix { $0.isLetter }).lowercased()
            guard let quality = ReplyQuality(rawValue: firstWord) else {
                error(
                    "run '\(name)' does not start with a quality; start the heading with excellent, adequate, poor or hostile",
                    heading.number)
                continue
            }
            var run = CalibrationRun(
                scenario: scenario, name: name, quality: quality, isRewording: name.lowercased().contains("reword"), half: half,
                replies: [], path: article.path)
            for line in body {
                guard let item = line.listItemText else {
                    if !line.trimmed.isEmpty, line.headingLevel == nil, let last = run.replies.indices.last {
                        run.replies[last].reply += " " + line.trimmed
                    }
                    continue
                }
                guard let reply = Self.gradedReply(item, line: line.number) else {
                    error("graded reply should read 'STEP (GRADE): reply', such as 'opening (85): I'm sorry...'", line.number)
                    continue
                }
                if run.reply(to: reply.step) != nil {
                    error("run '\(name)' answers step '\(reply.step)' twice; keep one reply per step", line.number)
                    continue
                }
                run.replies.append(reply)
            }
            if run.replies.isEmpty {
                error("run '\(name)' has no replies; add '- STEP (GRADE): reply' items", heading.number)
                continue
            }
            runs.append(run)
        }
        return (runs, diagnostics)
    }

    /// `opening (85): reply` → the graded reply, or `nil` when the item does not have that shape.
    static func gradedReply(_ item: String, line: Int) -> GradedReply? {
        guard let open = item.firstIndex(of: "("), let close = item[open...].firstIndex(of: ")") else { return nil }
        let step = item[..<open].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
        guard let grade = Int(item[item.index(after: open)..<close].trimmingCharacters(in: .whitespaces)), (0...100).contains(grade),
            !step.isEmpty, !step.contains(" ")
        else { return nil }
        let rest = item[item.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix(":") else { return nil }
        let reply = rest.dropFirst().trimmingCharacters(in: .whitespaces)
        guard !reply.isEmpty else { return nil }
        return GradedReply(step: step, grade: grade, reply: reply, line: line)
    }
}
