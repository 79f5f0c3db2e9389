import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Terminal

/// Searching from the REPL over the shipped content.
@Suite struct SearchCommandTests {
    static func session(columns: Int = 200) throws -> ReplSession {
        try ReplSessionTests.session(root: Repository.content, columns: columns)
    }

    /// The numbered title lines of the output.
    static func titles(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            let trimmed = line.drop { $0 == " " }
            let digits = trimmed.prefix { $0.isNumber }
            return !digits.isEmpty && trimmed.dropFirst(digits.count).hasPrefix(". ")
        }
    }

    @Test func plainWordsListNumberedResultsWithACount() throws {
        let session = try Self.session()
        _ = session.handle("refund approval")
        let titles = Self.titles(session.output.captured)
        #expect(titles.count == 10)
        #expect(titles.first?.hasPrefix(" 1. ") == true)
        #expect(titles.last?.hasPrefix("10. ") == true)
        #expect(session.output.captured.contains("1–10 of "))
    }

    @Test func typosStillFindTheArticle() throws {
        let session = try Self.session()
        _ = session.handle("refnd aproval")
        #expect(Self.titles(session.output.captured).first?.contains("Refunds") == true)
    }

    @Test func aNumberOpensTheResultWithItsMatchedWordsHighlighted() throws {
        let knowledgeBase = try ContentLoader(root: Repository.content).load()
        let output = TerminalOutput(capturingWithTheme: .colour, columns: 120)
        let session = ReplSession(
            options: ReplOptions(contentRoot: knowledgeBase.root, historyURL: nil, environment: [:]), knowledgeBase: knowledgeBase,
            output: output)
        _ = session.handle("restocking fee")
        let listed = output.captured
        #expect(listed.contains("\u{1B}[30;43m"))
        _ = session.handle("1")
        let article = String(output.captured.dropFirst(listed.count))
        #expect(article.contains("\u{1B}[30;43mrestocking\u{1B}[0m") || article.contains("\u{1B}[30;43mRestocking\u{1B}[0m"))
    }

    @Test func moreContinuesTheNumberingAndBackReturnsToThatPage() throws {
        let session = try Self.session()
        _ = session.handle("refund")
        _ = session.handle("more")
        let second = Self.titles(session.output.captured).dropFirst(10)
        #expect(second.first?.hasPrefix("11. ") == true)
        _ = session.handle("12")
        let before = session.output.captured.count
        _ = session.handle("back")
        let again = Self.titles(String(session.output.captured.dropFirst(before)))
        #expect(again == Array(second))
    }

    @Test func nothingFoundSaysSo() throws {
        let session = try Self.session()
        _ = session.handle("zzqxv")
        #expect(session.output.captured.hasPrefix("No results for 'zzqxv'."))
        _ = session.handle("1")
        #expect(session.output.captured.contains("error: there is no result 1 to open"))
    }

    @Test func filtersNarrowTheResults() throws {
        let session = try Self.session()
        _ = session.handle("refund type:procedure")
        let titles = Self.titles(session.output.captured)
        #expect(!titles.isEmpty)
        #expect(titles.allSatisfy { $0.contains(" · procedure · ") })
    }

    @Test func searchCommandSearchesForCommandWords() throws {
        let session = try Self.session()
        _ = session.handle("search open a carrier trace")
        #expect(Self.titles(session.output.captured).contains { $0.contains("carrier trace") })
    }

    @Test func hugeQueriesAreCutAndStillAnswered() throws {
        let session = try Self.session()
        _ = session.handle(String(repeating: "refund ", count: 5000))
        #expect(session.output.captured.hasPrefix("(the search was cut to its first 1000 characters)"))
    }

    @Test func completionOffersIndexWordsOnceTheIndexIsReady() throws {
        let session = try Self.session()
        _ = session.handle("refund")  // waits for the index
        let words = session.makeCompleter().candidates(forLine: "where is my refu").map(\.replacement)
        #expect(words.contains("where is my refund"))
    }
}
