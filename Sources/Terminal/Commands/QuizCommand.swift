import Foundation
import KnowledgeBase
import Progress
import Training
import TrainingRecords

extension ReplCommand {
    /// `quiz [TOPIC]`: questions due for review first, then new ones.
    public static let quiz = ReplCommand(
        name: "quiz", usage: "quiz [TOPIC]",
        summary: "Take a quiz: due reviews first, then new questions; answers are recorded.",
        help: """
            Asks up to ten questions: those due for review first, then new ones, scheduled so that what you \
            miss comes back sooner. TOPIC narrows them: an article id such as `refunds`, a tag, a quiz id, \
            `policies` or `products`. Type the number of a choice or the answer itself; an empty answer \
            shows the answer. Every answer is saved at once to your progress (see `progress`).

              /stop          end the quiz now and see the score
            """,
        completion: .values({ knowledgeBase in
            let ids = Set(QuizCatalog(knowledgeBase: knowledgeBase).questions.map(\.articleID))
            return (["policies", "products"] + ids.sorted()).map { (value: $0, detail: knowledgeBase.article(id: $0)?.title) }
        }),
        takesArguments: true
    ) { session, input throws(CommandError) in
        let catalog = QuizCatalog(knowledgeBase: session.knowledgeBase)
        let topic = input.text.isEmpty ? nil : input.text
        let pool = catalog.questions(topic: topic, competency: nil, in: session.knowledgeBase)
        guard !pool.isEmpty else {
            let topics = Set(catalog.questions.flatMap { [$0.articleID, $0.competency] + $0.topics }).union(["policies", "products"])
            if let meant = EditDistance.closest(to: input.text.lowercased(), among: topics) {
                throw .failed("no questions match topic '\(input.text)'; did you mean `quiz \(meant)`?")
            }
            throw .failed("no questions match topic '\(input.text)'; try an article id such as 'refunds', a tag, 'policies' or 'products'")
        }
        let store = try session.progressStore()
        let cards: [String: ReviewCard]
        do {
            cards = try store.reviewCards()
        } catch {
            throw .failed("\(error)")
        }
        let runner = QuizRunner(
            session: QuizSession(pool: pool, cards: cards, count: 10, now: Date(), shuffleSeed: store.trainee), store: store,
            knowledgeBase: session.knowledgeBase, usesColor: session.output.theme.usesColour)
        let conversation = QuizConversation(runner)
        session.writeRendered(conversation.runner.begin())
        if !conversation.runner.session.isFinished { session.mode = conversation }
        return .proceed
    }

    /// `progress`: the trainee's competency levels, quiz retention and role-play scores.
    public static let progress = ReplCommand(
        name: "progress", usage: "progress", summary: "Show your competency levels, quiz retention and role-plays.",
        help: """
            Shows, for the trainee frontline was started for (`--trainee`, else your login name), each \
            competency's level and trend, how well quiz answers are retained, the role-plays tried, and what \
            to work on next, as commands to type here.

            A level blends two kinds of evidence: the share of the last 20 quiz answers of the competency \
            that were right, and the mean of its scores in the last 5 role-plays; with both, each counts \
            half, except for competencies the framework says are shown in role-plays (empathy, tone...), \
            where role-plays count two thirds. A level is named (needs work under 40%, developing, proficient from 70%, strong from 85%) \
            only with enough evidence behind it: five quiz answers, two role-plays, or three answers and a \
            role-play. The trend shows the level at the end of each active day, once there are two.
            """,
        takesArguments: false
    ) { session, _ throws(CommandError) in
        let store = try session.progressStore()
        let library = ScenarioLibrary(knowledgeBase: session.knowledgeBase)
        let history: TraineeHistory
        do {
            history = try TraineeHistory(store: store, framework: library.framework)
        } catch {
            throw .failed("\(error)")
        }
        let summary = history.summary
        let advice = history.scenarioAdvice(ScenarioPlanner(scenarios: library.scenarios))
        let names = Dictionary(library.framework.competencies.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let text = ProgressText.render(
            summary, now: Date(), competencyNames: names, scenarioAdvice: advice, commands: .repl, width: session.output.columns)
        session.output.write(text.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) })
        return .proceed
    }
}

/// A quiz holding the prompt: each typed line is an answer, graded and recorded at once.
final class QuizConversation: ReplMode {
    private(set) var runner: QuizRunner

    init(_ runner: QuizRunner) {
        self.runner = runner
    }

    var prompt: String { "answer> " }

    func handle(_ line: String, in session: ReplSession) -> Bool {
        do {
            let step = try runner.handle(line)
            session.writeRendered(step.text)
            return step.continues
        } catch {
            session.output.writeError("\(error.description); the quiz stops here, the answers before this one are saved")
            return false
        }
    }

    func stop(in session: ReplSession) {
        session.writeRendered(runner.finish(endedEarly: true))
    }
}
