import ArgumentParser
import Embedding
import Foundation
import KnowledgeBase
import Search
import SemanticSearch
import Terminal

/// `frontline index`: reads the knowledge base for meaning ahead of time, so that the first search
/// does not wait for it.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the vectors that rank search results by meaning, ahead of the first search.",
        discussion: """
            The vectors are cached per content folder under $XDG_CACHE_HOME/frontline/vectors (else \
            ~/.cache/frontline/vectors); only articles that changed are read again. `search` and the REPL \
            build them on first use anyway: this only moves the wait.
            """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(
        help: ArgumentHelp("The embedding model's folder (default: $FRONTLINE_MODEL, else where scripts/setup puts it).", valueName: "DIR"))
    var model: String?

    func run() throws {
        let knowledgeBase = try contentOptions.loadKnowledgeBase(kinds: SearchIndex.contentKinds)
        let index = SearchIndex.forContent(knowledgeBase)
        let meter = ProgressMeter(label: "reading the knowledge base for meaning")
        let start = Date()
        let vectors: SectionVectors
        do {
            vectors = try SectionVectors.load(
                for: index, contentRoot: knowledgeBase.root.path, modelDirectory: ModelLocation.directory(option: model),
                progress: { done, total in meter.update(done: done, total: total) })
        } catch {
            meter.finish()
            printError("\(error)")
            throw ExitCode(1)
        }
        meter.finish()
        let seconds = Date().timeIntervalSince(start)
        print(
            "\(index.articleCount) articles, \(vectors.passageCount) passages: \(vectors.embeddedCount) read by the model, "
                + "\(vectors.passageCount - vectors.embeddedCount) from the cache, in \(String(format: "%.1f", seconds)) s")
    }
}
