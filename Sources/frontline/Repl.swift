import ArgumentParser
import Foundation
import KnowledgeBase
import Terminal

/// `frontline` (or `frontline repl`): the interactive REPL.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Search the knowledge base, open articles, practise and take quizzes interactively (the default).",
        discussion:
            "Reads commands line by line, without prompts or colours, when standard input is not a terminal: echo refund | frontline")

    @OptionGroup var contentOptions: ContentOptions
    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let root = ContentLoader.resolveRoot(option: contentOptions.content)
        let options = ReplOptions(contentRoot: root, trainee: progressOptions.trainee, dataPath: progressOptions.data)
        do {
            try Terminal.Repl(options: options).run()
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
