import Foundation
import KnowledgeBase
import Testing

@testable import Terminal

@Suite struct CompleterTests {
    static func article(_ id: String, _ title: String, kind: ArticleKind, tags: [String] = []) -> Article {
        var article = ArticleParser.parse("# \(title)\n\nText.\n", path: "\(kind.plural)/\(id).md").article
        article.id = id
        article.kind = kind
        article.tags = tags
        return article
    }

    static let knowledgeBase = KnowledgeBase(
        root: URL(fileURLWithPath: "/content"),
        articles: [
            article("refunds", "Refunds", kind: .policy, tags: ["refunds", "billing"]),
            article("returns-and-exchanges", "Returns and exchanges", kind: .policy, tags: ["returns"]),
            article("bill-adjustments-and-credits", "Bill adjustments and credits", kind: .policy, tags: ["billing"]),
            article("fibre-100", "Fibre 100", kind: .product),
            article("refund-scenario", "An angry refund call", kind: .scenario),
        ])

    let completer = Completer(commands: CommandTable.standard.completionEntries, knowledgeBase: knowledgeBase) { prefix in
        ["refund", "refunded", "return"].filter { $0.hasPrefix(prefix) }
    }

    func replacements(_ line: String) -> [String] { completer.candidates(forLine: line).map(\.replacement) }

    @Test func firstWordCompletesCommandNames() {
        #expect(replacements("re") == ["related", "reload"])
        #expect(replacements("he") == ["help"])
    }

    @Test func emptyLineListsEveryCommand() {
        let names = replacements("")
        #expect(names.contains("open") && names.contains("quit") && names.contains("help"))
    }

    @Test func firstWordThatIsNoCommandCompletesSearchTerms() {
        #expect(replacements("refu") == ["refund", "refunded"])
    }

    @Test func openCompletesArticleIdsByIdThenByTitle() {
        #expect(replacements("open re") == ["open refunds", "open returns-and-exchanges"])
        #expect(replacements("open adjust") == ["open bill-adjustments-and-credits"])
        #expect(replacements("open Bill adj") == ["open bill-adjustments-and-credits"])
    }

    @Test func openOffersOnlyKnowledgeArticles() {
        #expect(!replacements("open refund").contains("open refund-scenario"))
    }

    @Test func openCandidatesCarryTheTitle() {
        let candidate = completer.candidates(forLine: "open fib").first
        #expect(candidate?.display == "fibre-100")
        #expect(candidate?.detail == "Fibre 100")
    }

    @Test func searchCompletesFilterKeysAndValues() {
        #expect(replacements("refund ta") == ["refund tag:"])
        #expect(replacements("refund tag:b") == ["refund tag:billing"])
        #expect(replacements("refund type:p") == ["refund type:policy", "refund type:product"])
        #expect(replacements("modem product:") == ["modem product:fibre-100"])
        #expect(replacements("refund -tag:r") == ["refund -tag:refunds", "refund -tag:returns"])
    }

    @Test func searchCompletesItsLastWordFromTheIndex() {
        #expect(replacements("where is my ret") == ["where is my return"])
    }

    @Test func helpCompletesCommandNames() {
        #expect(replacements("help op") == ["help open"])
    }

    @Test func commandsWithoutArgumentsCompleteNothing() {
        #expect(replacements("quit x").isEmpty)
    }

    @Test func commonReplacementExtendsWhatWasTyped() {
        let candidates = completer.candidates(forLine: "refund tag:")
        #expect(Completer.commonReplacement(of: candidates, typed: "refund tag:") == "refund tag:")
        let titles = completer.candidates(forLine: "open Bill")
        #expect(Completer.commonReplacement(of: titles, typed: "open Bill") == "open bill-adjustments-and-credits")
        let mixed = completer.candidates(forLine: "open and")
        #expect(Completer.commonReplacement(of: mixed, typed: "open and") == "open and")
    }
}
