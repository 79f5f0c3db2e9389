import ArgumentParser
import Foundation
import KnowledgeBase
import Terminal

/// `frontline` (or `frontline repl`): the interactive REPL.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Search the knowledge base and open articles interactively (the default command).",
        discussion: "Reads commands from standard input line by line when it is not a terminal: echo refund | frontline")

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: ArgumentHelp("The trainee whose practice and quiz progress is recorded.", valueName: "NAME"))
    var trainee: String?

    @Option(help: ArgumentHelp("The progress database.", valueName: "PATH"))
    var data: String?

    func run() throws {
        let root = ContentLoader.resolveRoot(option: contentOptions.content)
        let repl = Terminal.Repl(options: ReplOptions(contentRoot: root, trainee: trainee, dataPath: data))
        do {
            try repl.run()
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
