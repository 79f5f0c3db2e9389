import ArgumentParser
import Foundation
import KnowledgeBase
import Progress
import Terminal
import Training
import TrainingRecords

/// `frontline roleplay`: list scenarios, or run one non-interactively from a file of replies.
struct Roleplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roleplay",
        abstract: "List role-play scenarios, or score a file of replies against one.",
        discussion: """
            With --list, prints the scenarios. With a SCENARIO_ID and --replies FILE, the n-th line of FILE \
            answers the n-th customer turn, following the branches; extra lines are ignored, and running out of \
            lines ends the session as 'abandoned'.
            """)

    @OptionGroup var contentOptions: ContentOptions

    @Flag(help: "List the scenarios.")
    var list = false

    @Argument(help: "The scenario to run.")
    var scenarioID: String?

    @Option(help: ArgumentHelp("A file with one reply per line.", valueName: "FILE"))
    var replies: String?

    @Option(help: "practice (default) or certification (applies the pass mark).")
    var mode: RolePlayMode = .practice

    @Option(help: ArgumentHelp("With --list: only scenarios training this competency.", valueName: "ID"))
    var competency: String?

    @Option(help: ArgumentHelp("With --list: only this channel (phone, chat, email, social).", valueName: "CHANNEL"))
    var channel: Channel?

    @Option(help: ArgumentHelp("With --list: only this difficulty (beginner, intermediate, advanced).", valueName: "LEVEL"))
    var difficulty: Difficulty?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var progressOptions: ProgressOptions

    @Flag(help: "Do not record the attempt in the progress database (for trainers testing a scenario).")
    var noRecord = false

    func validate() throws {
        if list {
            if scenarioID != nil || replies != nil { throw ValidationError("--list takes no SCENARIO_ID or --replies") }
        } else {
            guard scenarioID != nil else { throw ValidationError("give a SCENARIO_ID with --replies FILE, or --list") }
            guard replies != nil else { throw ValidationError("--replies FILE is required to run a scenario") }
        }
    }

    func run() throws {
        let knowledgeBase = try contentOptions.loadKnowledgeBase()
        let library = ScenarioLibrary(knowledgeBase: knowledgeBase)
        if list {
            printList(library.scenarios(competency: competency, channel: channel, difficulty: difficulty))
            return
        }
        guard let id = scenarioID, let path = replies else { return }
        guard let scenario = library.scenario(id: id) else {
            let known = library.scenarios.map(\.id).joined(separator: ", ")
            printError("no scenario '\(id)'; `frontline roleplay --list` shows them (\(known))")
            throw ExitCode(1)
        }
        let lines: [String]
        do {
            lines = try Self.replyLines(path)
        } catch {
            printError("cannot read replies file '\(path)': \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let startedAt = Date()
        var session = library.session(for: scenario, mode: mode)
        var remaining = lines[...]
        while !session.isFinished {
            guard let reply = remaining.popFirst() else {
                session.abandon(reason: "ran out of replies")
                break
            }
            session.submit(reply)
        }
        let attempt = session.debrief()
        if !noRecord { record(attempt, startedAt: startedAt) }
        if json {
            try printEncodedJSON(RoleplayReport(attempt))
        } else {
            printText(attempt, scenario: scenario, framework: library.framework)
        }
    }

    /// Stores the attempt for the trainee. A database that cannot be opened costs a warning, never the
    /// scored result the user asked for.
    private func record(_ attempt: RolePlayAttempt, startedAt: Date) {
        do {
            let store = try progressOptions.openStoreOrThrow()
            _ = try store.record(RolePlayAttemptRecord(attempt, startedAt: startedAt, endedAt: Date()))
        } catch {
            FileHandle.standardError.write(Data("warning: the attempt was not recorded: \(error)\n".utf8))
        }
    }

    /// The replies of a file, one per line; a final newline does not make an extra empty reply.
    static func replyLines(_ path: String) throws -> [String] {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        var text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        if text.isEmpty { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private func printList(_ scenarios: [Scenario]) {
        if json {
            try? printEncodedJSON(scenarios.map(ScenarioSummary.init))
            return
        }
        for scenario in scenarios {
            let padded = scenario.id.padding(toLength: max(scenario.id.count, 34), withPad: " ", startingAt: 0)
            print(
                "\(padded) \(scenario.channel.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(scenario.difficulty.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(scenario.title)"
            )
        }
        print("\(scenarios.count) scenario\(scenarios.count == 1 ? "" : "s")")
    }

    /// The attempt as the REPL shows it (the same feedback, transcript and debrief), with each turn's
    /// step and branch for trainers testing a scenario.
    private func printText(_ attempt: RolePlayAttempt, scenario: Scenario, framework: CompetencyFramework) {
        let output = TerminalOutput()
        let text = RolePlayText(framework: framework, width: output.columns)
        output.write(
            StyledLine(
                "\(scenario.title) (\(scenario.channel.rawValue), \(scenario.difficulty.rawValue), \(attempt.mode.rawValue))",
                style: .heading))
        output.write(StyledLine())
        output.write(text.transcript(attempt, name: scenario.persona.firstName, branches: true))
        if attempt.outcome != .abandoned, let closing = scenario.closings[attempt.outcome] {
            output.write(StyledLine())
            output.write(text.closing(closing, name: scenario.persona.firstName, outcome: attempt.outcome))
        }
        output.write(StyledLine())
        output.write(text.debrief(attempt))
    }
}

extension RolePlayMode: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension Difficulty: ExpressibleByArgument {}

/// One scenario in `roleplay --list --json`.
struct ScenarioSummary: Encodable {
    var id: String
    var title: String
    var channel: String
    var difficulty: String
    var competencies: [String]

    init(_ scenario: Scenario) {
        id = scenario.id
        title = scenario.title
        channel = scenario.channel.rawValue
        difficulty = scenario.difficulty.rawValue
        competencies = scenario.competencies
    }
}

/// The stable JSON contract of `roleplay SCENARIO_ID --replies FILE --json`.
struct RoleplayReport: Encodable {
    struct Step: Encodable {
        var step: String
        var customer: String
        var mood: String
        var reply: String
        var score: Double
        var points: [String: Double]
        var possible: [String: Double]
        var evidence: [Evidence]
        var misses: [Miss]
        var redFlags: [RedFlag]
        var factsContradicted: [FactCheck]
        var factsStated: [FactCheck]
        var notes: [String]
        var branch: StepResult.Branch
        var modelAnswer: String

        enum CodingKeys: String, CodingKey {
            case step, customer, mood, reply, score, points, possible, evidence, misses
            case redFlags = "red_flags"
            case factsContradicted = "facts_contradicted"
            case factsStated = "facts_stated"
            case notes, branch
            case modelAnswer = "model_answer"
        }
    }

    var scenario: String
    var mode: String
    var steps: [Step]
    var competencies: [String: Int]
    var overall: Int
    var outcome: String
    var passMark: Int
    var passed: Bool
    var criticalMisses: [String]
    var endReason: String?
    var closing: String?

    enum CodingKeys: String, CodingKey {
        case scenario, mode, steps, competencies, overall, outcome, closing
        case passMark = "pass_mark"
        case passed
        case criticalMisses = "critical_misses"
        case endReason = "end_reason"
    }

    init(_ attempt: RolePlayAttempt) {
        scenario = attempt.scenario
        mode = attempt.mode.rawValue
        steps = attempt.steps.map { result in
            Step(
                step: result.step, customer: result.customer, mood: result.mood.rawValue, reply: result.reply,
                score: result.score.score, points: result.score.points, possible: result.score.possible,
                evidence: result.score.evidence, misses: result.score.misses, redFlags: result.score.redFlags,
                factsContradicted: result.score.factsContradicted, factsStated: result.score.factsStated,
                notes: result.score.notes, branch: result.branch, modelAnswer: result.modelAnswer)
        }
        competencies = attempt.competencies
        overall = attempt.overall
        outcome = attempt.outcome.rawValue
        passMark = attempt.passMark
        passed = attempt.passed
        criticalMisses = attempt.criticalMisses
        endReason = attempt.endReason
        closing = attempt.closing
    }
}
