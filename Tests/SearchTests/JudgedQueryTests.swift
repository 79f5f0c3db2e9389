import Foundation
import KnowledgeBase
import Testing

@testable import Search

/// Ranking quality on the shipped content: the judged queries are agent-style (misspelt, in the
/// customer's words, with synonyms) and each names the article an agent needs.
@Suite struct JudgedQueryTests {
    @Test func judgedQueriesExistAndNameShippedArticles() {
        let queries = ShippedContent.judgedQueries
        #expect(queries.count >= 50)
        for (query, expected) in queries {
            #expect(ShippedContent.knowledgeBase.article(id: expected) != nil, "'\(query)' expects unknown article '\(expected)'")
        }
    }

    @Test func expectedArticleIsFirstFor85PercentAndTop3For95Percent() {
        let queries = ShippedContent.judgedQueries
        var first = 0
        var top3 = 0
        var misses: [String] = []
        for (query, expected) in queries {
            let ids = ShippedContent.index.search(query, limit: 5).hits.map(\.article.id)
            let rank = (ids.firstIndex(of: expected) ?? 99) + 1
            if rank == 1 { first += 1 }
            if rank <= 3 { top3 += 1 }
            if rank > 1 {
                misses.append(
                    "rank \(rank > 5 ? "-" : String(rank)): '\(query)' wants \(expected), got \(ids.prefix(3).joined(separator: " "))")
            }
        }
        let total = Double(queries.count)
        if ProcessInfo.processInfo.environment["FRONTLINE_JUDGE_VERBOSE"] != nil {
            print(misses.joined(separator: "\n"))
            print("first \(first)/\(queries.count), top 3 \(top3)/\(queries.count)")
        }
        #expect(Double(first) / total >= 0.85, "first for \(first) of \(queries.count):\n\(misses.joined(separator: "\n"))")
        #expect(Double(top3) / total >= 0.95, "top 3 for \(top3) of \(queries.count):\n\(misses.joined(separator: "\n"))")
    }

    @Test func aCommonWordOfASynonymPhraseIsNotMarkedAlone() throws {
        let index = ShippedContent.index
        let forms = try #require(index.search("phone stopped working").hits.first).matchedForms
        // The words typed, and a one-word synonym of the phrase.
        #expect(forms.isSuperset(of: ["phone", "stopped", "working", "faulty"]))
        // "not" of the synonym "not working" is in most articles: alone, it would mark every "not".
        #expect(!forms.contains("not"))
        // Typed, or in a quoted phrase, it is marked.
        #expect(try #require(index.search("not working").hits.first).matchedForms.contains("not"))
        #expect(try #require(index.search("\"do not\" promise").hits.first).matchedForms.contains("not"))
    }
}

/// Search over section text kept compressed answers exactly as over plain text.
@Suite struct PackedTextSearchTests {
    @Test func packedAndPlainTextGiveTheSameResultsAndSnippets() throws {
        let packed = try ContentLoader(root: ShippedContent.repositoryRoot.appendingPathComponent("content"), textPacking: .always).load()
        #expect(packed.articles.flatMap(\.sections).contains { $0.isTextPacked })
        let index = SearchIndex(knowledgeBase: packed)
        let queries = ShippedContent.judgedQueries.map(\.query) + ["\"original payment method\"", "refund -store", "tag:billing charge"]
        for query in queries {
            let plainHits = ShippedContent.index.search(query, limit: 10).hits
            let packedHits = index.search(query, limit: 10).hits
            #expect(packedHits.map(\.article.id) == plainHits.map(\.article.id), "\(query)")
            #expect(packedHits.map(\.section.heading) == plainHits.map(\.section.heading), "\(query)")
            #expect(packedHits.map(\.score) == plainHits.map(\.score), "\(query)")
            #expect(packedHits.map(\.snippet.text) == plainHits.map(\.snippet.text), "\(query)")
        }
    }
}
