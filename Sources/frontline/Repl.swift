import ArgumentParser
import Embedding
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

    @Flag(help: "Rank search results by words alone, without the embedding model.")
    var lexical = false

    @Option(
        help: ArgumentHelp("The embedding model's folder (default: $FRONTLINE_MODEL, else where scripts/setup puts it).", valueName: "DIR"))
    var model: String?

    func run() throws {
        let root = ContentLoader.resolveRoot(option: contentOptions.content)
        var options = ReplOptions(contentRoot: root, trainee: progressOptions.trainee, dataPath: progressOptions.data)
        options.modelDirectory = lexical ? nil : ModelLocation.directory(option: model)
        do {
            try Terminal.Repl(options: options).run()
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
