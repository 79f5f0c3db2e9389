import Foundation
import KnowledgeBase
import Search
import TestSupport

/// The shipped knowledge base (the repository's `content/` folder) and an index over it, loaded
/// once for all tests.
enum ShippedContent {
    static let repositoryRoot = Repository.root

    static let knowledgeBase = Repository.knowledgeBase

    static let index = SearchIndex(knowledgeBase: knowledgeBase)

    /// The judged queries: (query, expected article id), from Fixtures/judged-queries.tsv.
    static let judgedQueries: [(query: String, expected: String)] = {
        let url = FixtureFolder.url("judged-queries.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count >= 2 else { return nil }
            return (columns[0], columns[1])
        }
    }()
}
