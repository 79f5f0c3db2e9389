import ArgumentParser
import Foundation
import KnowledgeBase
import Progress
import Terminal
import Training
import TrainingRecords

/// `frontline quiz`: list the questions, or run a spaced-repetition session.
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a quiz: due reviews first, then new questions, scheduled with FSRS.",
        discussion: """
            Interactive when standard input is a terminal; otherwise answers are read line by line, so a \
            session can be scripted: printf '2\\n30 days\\n' | frontline quiz refunds --count 2
            """)

    @Argument(help: "A topic: an article id, a tag, a quiz id, 'policies' or 'products'.")
    var topic: String?

    @Option(help: ArgumentHelp("Only questions of this competency.", valueName: "ID"))
    var competency: String?

    @Option(help: "How many questions in the session.")
    var count = 10

    @Flag(help: "List the questions instead of asking them.")
    var list = false

    @Flag(help: "With --list, print JSON.")
    var json = false

    @OptionGroup var contentOptions: ContentOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1") }
        if json && !list { throw ValidationError("--json goes with --list") }
    }

    func run() throws {
        let knowledgeBase = try contentOptions.loadKnowledgeBase()
        let catalog = QuizCatalog(knowledgeBase: knowledgeBase)
        if let competency, !catalog.questions.contains(where: { $0.competency == competency }) {
            printError(
                "no questions train competency '\(competency)'; competencies with questions: \(Set(catalog.questions.map(\.competency)).sorted().joined(separator: ", "))"
            )
            throw ExitCode(1)
        }
        let pool = catalog.questions(topic: topic, competency: competency, in: knowledgeBase)
        if pool.isEmpty {
            printError("no questions match topic '\(topic ?? "")'; try an article id such as 'refunds', a tag, 'policies' or 'products'")
            throw ExitCode(1)
        }
        if list {
            try printList(pool)
            return
        }
        let store = try progressOptions.openStore()
        let cards: [String: ReviewCard]
        do {
            cards = try store.reviewCards()
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let isInteractive = isatty(STDIN_FILENO) != 0
        let session = QuizSession(pool: pool, cards: cards, count: count, now: Date(), shuffleSeed: store.trainee)
        var runner = QuizRunner(
            session: session, store: store, knowledgeBase: knowledgeBase,
            usesColor: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        do {
            _ = try runner.run(
                read: { prompt in
                    if isInteractive {
                        FileHandle.standardOutput.write(Data(prompt.utf8))
                        return readLine(strippingNewline: true)
                    }
                    // Piped: echo each answer so the transcript reads like a session.
                    let line = readLine(strippingNewline: true)
                    if let line { FileHandle.standardOutput.write(Data((prompt + QuizRenderer.clean(line) + "\n").utf8)) }
                    return line
                },
                write: { text in
                    FileHandle.standardOutput.write(Data((text + "\n").utf8))
                })
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    private func printList(_ questions: [QuizQuestion]) throws {
        if json {
            let items = questions.map {
                QuestionListItem(
                    id: $0.id, kind: $0.kind.name, competency: $0.competency, article: $0.articleID, prompt: $0.prompt,
                    generated: $0.isGenerated)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(items), as: UTF8.self))
        } else {
            for question in questions {
                print(
                    "\(question.id)  [\(question.kind.name), \(question.competency), \(question.articleID)]  \(QuizRenderer.clean(question.prompt))"
                )
            }
            let generated = questions.filter(\.isGenerated).count
            print("\(questions.count) questions (\(questions.count - generated) written, \(generated) generated from marked facts)")
        }
    }
}

/// One question in `quiz --list --json`.
struct QuestionListItem: Encodable {
    var id: String
    var kind: String
    var competency: String
    var article: String
    var prompt: String
    var generated: Bool
}
