import ArgumentParser
import Foundation
import KnowledgeBase

extension ContentOptions {
    /// Loads the content folder, or prints the reason and exits with status 2 (the command could not run).
    ///
    /// Files that could not be read cost a warning on standard error (the first few, then a count), so
    /// that a broken file never goes unnoticed while everything else still loads.
    func loadKnowledgeBase(warnAboutProblems: Bool = true, kinds: Set<ArticleKind>? = nil) throws -> KnowledgeBase {
        let knowledgeBase: KnowledgeBase
        do {
            knowledgeBase = try ContentLoader(root: ContentLoader.resolveRoot(option: content), kinds: kinds).load()
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let problems = knowledgeBase.loadDiagnostics.filter { $0.severity == .error }
        if warnAboutProblems, !problems.isEmpty {
            var text = problems.prefix(3).map { "warning: \($0)\n" }.joined()
            if problems.count > 3 {
                text += "warning: \(problems.count - 3) more problems in the content; `frontline check` lists them all\n"
            }
            FileHandle.standardError.write(Data(text.utf8))
        }
        return knowledgeBase
    }
}

/// Prints `value` as pretty, key-sorted JSON on standard output.
func printEncodedJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
