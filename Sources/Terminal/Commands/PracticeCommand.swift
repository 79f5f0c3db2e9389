import Foundation
import KnowledgeBase
import Progress
import Training
import TrainingRecords

extension ReplCommand {
    /// `practice [SCENARIO] [certify]`: role-play a customer conversation.
    public static let practice = ReplCommand(
        name: "practice", aliases: ["roleplay"], usage: "practice [SCENARIO] [certify]",
        summary: "Role-play a customer conversation, scored against the competencies.",
        help: """
            Without a scenario, lists the scenarios and, once you have some history, proposes the one that \
            trains your weakest competency. `practice chat`, `practice beginner` or `practice empathy` list \
            only the scenarios of that channel, difficulty or competency (filters combine). With a scenario id (Tab completes the ids), the customer speaks \
            and you type your replies at the `you>` prompt. Each reply is scored against the step's \
            expectations; in practice you see the score, what you met and missed, and a model answer after \
            every reply. Add `certify` to hide the feedback until the end and apply the pass mark.

              /hint          what this step expects (practice only)
              /search WORDS  search the knowledge base mid-conversation
              /open ID       open an article (open book; it is noted); words that are no id are searched for
              /stop          end the scenario now and see the debrief (Ctrl-C on an empty reply, or Ctrl-D, does the same)
            """,
        completion: .values({ knowledgeBase in
            ScenarioLibrary(knowledgeBase: knowledgeBase).scenarios.map { (value: $0.id, detail: $0.title) }
        }),
        takesArguments: true
    ) { session, input throws(CommandError) in
        let library = ScenarioLibrary(knowledgeBase: session.knowledgeBase)
        guard let id = input.arguments.first else {
            // The trainee's history is read once, for the list and the suggestion.
            let history = session.existingHistory(framework: library.framework)
            session.printScenarioList(library.scenarios, records: history?.records ?? [])
            session.printRecommendation(library, history: history?.history)
            return .proceed
        }
        guard let scenario = library.scenario(id: id) else {
            if let filtered = ScenarioFilter(input.arguments, framework: library.framework) {
                session.printScenarioList(
                    library.scenarios(competency: filtered.competency, channel: filtered.channel, difficulty: filtered.difficulty),
                    records: session.existingHistory(framework: library.framework)?.records ?? [])
                return .proceed
            }
            if let meant = EditDistance.closest(to: id.lowercased(), among: library.scenarios.map(\.id)) {
                throw .failed("no scenario '\(id)'; did you mean `practice \(meant)`?")
            }
            throw .failed(
                "no scenario '\(id)'; type `practice` to list them, or filter by a channel, difficulty or competency")
        }
        let extra = input.arguments.dropFirst()
        guard extra.allSatisfy({ ["certify", "certification"].contains($0.lowercased()) }) else {
            throw .usage("unexpected '\(extra.joined(separator: " "))'; the only option is `certify`", command: "practice")
        }
        let conversation = ScenarioConversation(
            library.session(for: scenario, mode: extra.isEmpty ? .practice : .certification), framework: library.framework)
        session.mode = conversation
        // Numbers typed in the scenario (`/open 3`) refer to searches made in it, not to a list from before.
        session.list = nil
        conversation.start(in: session)
        return .proceed
    }
}

/// A scenario list filter typed after `practice`: channel, difficulty and competency words, in any order.
struct ScenarioFilter {
    var channel: Channel?
    var difficulty: Difficulty?
    var competency: String?

    /// Reads every word as a filter, or returns `nil` when one word is none of them.
    init?(_ words: [String], framework: CompetencyFramework) {
        for word in words.map({ $0.lowercased() }) {
            if let channel = Channel(rawValue: word) {
                self.channel = channel
            } else if let difficulty = Difficulty(rawValue: word) {
                self.difficulty = difficulty
            } else if framework.competencies.contains(where: { $0.id == word }) {
                competency = word
            } else {
                return nil
            }
        }
    }
}

extension ReplSession {
    /// The trainee's stored history, when there is a database already: listing scenarios never
    /// creates one.
    func existingHistory(framework: CompetencyFramework) -> (history: TraineeHistory, records: [RolePlayAttemptRecord])? {
        let destination = ProgressLocation.destination(option: options.dataPath, environment: options.environment)
        if case .file(let url) = destination, !FileManager.default.fileExists(atPath: url.path) { return nil }
        guard let store = try? progressStore(),
            let history = try? TraineeHistory(store: store, framework: framework),
            let records = try? store.rolePlayAttempts()
        else { return nil }
        return (history, records)
    }

    /// For a trainee with history, the scenario that trains their weakest competency and is due; for a
    /// first session, a beginner scenario to start with.
    func printRecommendation(_ library: ScenarioLibrary, history: TraineeHistory?) {
        guard let history, !history.isEmpty else {
            if let first = Self.byDifficulty(library.scenarios).first(where: { $0.difficulty == .beginner }) {
                output.write(
                    TextWrapper.wrap(
                        [StyledLine("New here? Start with `practice \(first.id)`, a beginner scenario.", style: .strong).spans],
                        width: output.columns))
            }
            return
        }
        let pick = history.nextScenario(ScenarioPlanner(scenarios: library.scenarios))
        guard let pick else { return }
        let reason =
            pick.weakCompetencies.first.map { "it trains \(library.framework.name(of: $0)), your weakest area" }
            ?? "it is due for another try"
        output.write(
            TextWrapper.wrap(
                [StyledLine("Suggested next: `practice \(pick.scenario.id)` (\(reason)).", style: .strong).spans],
                width: output.columns))
    }

    /// `scenarios` from beginner to advanced, by id within a level.
    static func byDifficulty(_ scenarios: [Scenario]) -> [Scenario] {
        scenarios.sorted { ($0.difficulty, $0.id) < ($1.difficulty, $1.id) }
    }

    /// The scenarios from beginner to advanced, each with what the trainee has done in it: attempts,
    /// best score, and whether a certification passed (from `records`).
    func printScenarioList(_ scenarios: [Scenario], records: [RolePlayAttemptRecord]) {
        guard !scenarios.isEmpty else {
            output.writeLine("There are no scenarios in the content folder.")
            return
        }
        let widest = scenarios.map { DisplayWidth.of($0.id) }.max() ?? 0
        var lines: [StyledLine] = []
        for scenario in Self.byDifficulty(scenarios) {
            var prefix = StyledLine(scenario.id, style: .strong)
            prefix.append(String(repeating: " ", count: widest + 2 - DisplayWidth.of(scenario.id)))
            var text = StyledLine(scenario.title)
            text.append(" · \(scenario.channel.rawValue) · \(scenario.difficulty.rawValue)", style: .dim)
            let attempts = records.filter { $0.scenarioID == scenario.id }
            if let best = attempts.map(\.overall).max() {
                text.append(" · tried \(attempts.count)×, best \(Int((best * 100).rounded()))", style: .dim)
                if attempts.contains(where: { $0.passed == true }) { text.append(" · passed", style: .strong) }
            }
            lines += TextWrapper.wrap(text.spans, width: output.columns, hangingAfter: prefix)
        }
        lines.append(StyledLine("`practice ID` starts one; Tab completes the ids.", style: .dim))
        output.write(lines)
    }
}

/// A role-play scenario holding the prompt: customer lines out, the trainee's replies in.
final class ScenarioConversation: ReplMode {
    private var rolePlay: RolePlaySession
    private let framework: CompetencyFramework
    private let startedAt = Date()

    init(_ rolePlay: RolePlaySession, framework: CompetencyFramework) {
        self.rolePlay = rolePlay
        self.framework = framework
    }

    var prompt: String { "you> " }

    /// Shows the briefing and the customer's first line.
    func start(in session: ReplSession) {
        let scenario = rolePlay.scenario
        var lines = [StyledLine(scenario.title, style: .heading)]
        lines.append(
            StyledLine(
                "\(scenario.channel.rawValue) · \(scenario.difficulty.rawValue) · \(rolePlay.mode.rawValue) · pass mark \(scenario.passMark)",
                style: .dim))
        lines += wrapped(scenario.briefing, session)
        let help =
            rolePlay.showsFeedback
            ? "Type your replies. /hint says what this step expects; /search WORDS or /open ID looks something up; /stop, Ctrl-C or Ctrl-D ends the scenario."
            : "Type your replies; the feedback comes at the end. /search WORDS or /open ID looks something up (it is noted); /stop, Ctrl-C or Ctrl-D ends the scenario."
        lines.append(StyledLine(help, style: .dim))
        session.output.write(lines)
        showCustomer(in: session)
    }

    func handle(_ line: String, in session: ReplSession) -> Bool {
        let reply = line.trimmingCharacters(in: .whitespaces)
        guard !reply.isEmpty else { return true }
        let result = rolePlay.submit(reply)
        if rolePlay.showsFeedback {
            session.output.write(feedback(on: result, in: session))
        }
        if rolePlay.isFinished {
            showClosing(in: session)
            debrief(in: session)
            return false
        }
        showCustomer(in: session)
        return true
    }

    func handleSlashCommand(_ command: String, in session: ReplSession) -> Bool {
        let words = command.split(separator: " ").map(String.init)
        switch words.first?.lowercased() {
        case "hint":
            let hint = rolePlay.hint() ?? "no hints in certification"
            session.output.write(wrapped("hint: " + hint, session, style: .dim))
            return true
        case "open", "show":
            if words.count > 1, let article = session.article(matching: words.dropFirst().joined(separator: " ")) {
                rolePlay.recordLookup(articleID: article.id)
            }
            return false
        default:
            return false
        }
    }

    func stop(in session: ReplSession) {
        rolePlay.abandon()
        debrief(in: session)
    }

    private func text(_ session: ReplSession) -> RolePlayText { RolePlayText(framework: framework, width: session.output.columns) }

    private func showCustomer(in session: ReplSession) {
        guard let line = rolePlay.customerLine else { return }
        session.output.write(text(session).customer(line, name: rolePlay.scenario.persona.firstName, mood: rolePlay.mood))
    }

    /// The customer's last words, when the ending has them.
    private func showClosing(in session: ReplSession) {
        guard let closing = rolePlay.closingLine, let outcome = rolePlay.outcome else { return }
        session.output.write(text(session).closing(closing, name: rolePlay.scenario.persona.firstName, outcome: outcome))
    }

    private func feedback(on result: StepResult, in session: ReplSession) -> [StyledLine] { text(session).feedback(result) }

    private func debrief(in session: ReplSession) {
        let attempt = rolePlay.debrief()
        record(attempt, in: session)
        var lines = [StyledLine(), StyledLine("Debrief: \(attempt.title)", style: .heading)]
        // Certification hid the feedback during the conversation: the debrief walks through every reply.
        if !rolePlay.showsFeedback {
            lines += text(session).transcript(attempt, name: rolePlay.scenario.persona.firstName)
            lines.append(StyledLine())
        }
        lines += text(session).debrief(attempt)
        session.output.write(lines)
    }

    /// Saves the attempt to the trainee's progress; a store that cannot be opened is reported, not fatal.
    private func record(_ attempt: RolePlayAttempt, in session: ReplSession) {
        do throws(CommandError) {
            let store = try session.progressStore()
            do {
                _ = try store.record(RolePlayAttemptRecord(attempt, startedAt: startedAt, endedAt: Date()))
            } catch {
                throw .failed(error.description)
            }
        } catch {
            session.output.writeWarning("the attempt was not saved: \(error)")
        }
    }

    private func wrapped(_ text: String, _ session: ReplSession, style: TextStyle = []) -> [StyledLine] {
        TextWrapper.wrap([[StyledSpan(text, style: style)]], width: session.output.columns)
    }
}
