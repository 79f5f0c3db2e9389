import ArgumentParser
import Foundation
import KnowledgeBase

extension ContentOptions {
    /// Loads the content folder, or prints the reason and exits with status 2 (the command could not run).
    func loadKnowledgeBase() throws -> KnowledgeBase {
        do {
            return try ContentLoader(root: ContentLoader.resolveRoot(option: content)).load()
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }
}

/// Prints `value` as pretty, key-sorted JSON on standard output.
func printEncodedJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
