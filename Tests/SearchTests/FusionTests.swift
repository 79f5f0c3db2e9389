import KnowledgeBase
import Testing

@testable import Search

/// A scorer whose similarities are written in the test: section `(article id, section index)` →
/// similarity, every other section −1.
struct TableScorer: SemanticScorer {
    let index: SearchIndex
    let table: [String: [Int: Float]]
    var isReady = true

    func sectionSimilarities(to text: String) -> [Float]? {
        guard isReady else { return nil }
        var values = [Float](repeating: -1, count: index.sectionCount)
        for (article, entry) in index.indexedArticles.enumerated() {
            for (section, similarity) in table[entry.id] ?? [:] {
                values[index.sectionNumber(article: article, section: section)] = similarity
            }
        }
        return values
    }
}

@Suite struct FusionTests {
    let index = TestArticles.shop

    @Test func anArticleCloseInMeaningIsFoundWithoutTheQuerysWords() {
        let scorer = TableScorer(index: index, table: ["vantage-12": [1: 0.62]])
        let results = index.search("glorp frobnicate", semantic: scorer)
        #expect(results.isSemantic)
        let hit = results.hits.first
        #expect(hit?.article.id == "vantage-12")
        #expect(hit?.section.heading == "Warranty")
        #expect(hit?.lexicalScore == nil)
        #expect(abs((hit?.semanticScore ?? 0) - 0.62) < 1e-6)
        #expect(index.search("glorp frobnicate").hits.isEmpty)
    }

    @Test func sectionsBelowTheSimilarityFloorAreNoMatch() {
        let scorer = TableScorer(index: index, table: ["vantage-12": [1: Fusion.similarityFloor - 0.01]])
        #expect(index.search("glorp frobnicate", semantic: scorer).hits.isEmpty)
    }

    @Test func typeFiltersHoldForTheSemanticSide() {
        let scorer = TableScorer(index: index, table: ["vantage-12": [1: 0.7], "cancellation": [0: 0.4]])
        let ids = index.search("glorp frobnicate type:policy", semantic: scorer).hits.map(\.article.id)
        #expect(ids == ["cancellation"])
    }

    @Test func exclusionsHoldForTheSemanticSide() {
        let scorer = TableScorer(index: index, table: ["vantage-12": [1: 0.7], "cancellation": [0: 0.4]])
        let ids = index.search("glorp frobnicate -warranty", semantic: scorer).hits.map(\.article.id)
        #expect(ids == ["cancellation"])
    }

    @Test func aQuotedPhraseKeepsTheSemanticSideToArticlesHoldingIt() {
        let scorer = TableScorer(index: index, table: ["vantage-12": [0: 0.9], "lost-parcels": [0: 0.3]])
        let ids = index.search("\"carrier trace\"", semantic: scorer).hits.map(\.article.id)
        #expect(ids == ["lost-parcels"])
    }

    @Test func aScorerThatIsNotReadyLeavesTheLexicalResults() {
        let scorer = TableScorer(index: index, table: ["vantage-12": [1: 0.9]], isReady: false)
        let hybrid = index.search("refund parcel", semantic: scorer)
        let lexical = index.search("refund parcel")
        #expect(!hybrid.isSemantic)
        #expect(hybrid.hits.map(\.article.id) == lexical.hits.map(\.article.id))
        #expect(hybrid.hits.map(\.score) == lexical.hits.map(\.score))
    }

    @Test func aTitleMatchStaysFirstWhenMeaningPrefersAnotherArticleSlightly() {
        let scorer = TableScorer(index: index, table: ["cancellation": [0: 0.5], "refunds": [0: 0.45]])
        let hits = index.search("refunds", semantic: scorer).hits
        #expect(hits.first?.article.id == "refunds")
        #expect(hits.map(\.article.id).contains("cancellation"))
    }

    @Test func anArticleOnlyALittleCloseInMeaningDoesNotTakeTheWholeShareFromTheWords() {
        // Nothing is close in meaning (0.38 at best, and that article lacks the query's words):
        // the article whose title the words match, a little closer than the floor too, stays first.
        let scorer = TableScorer(index: index, table: ["vantage-12": [0: 0.38], "cancellation": [0: 0.3]])
        let hits = index.search("cancellation", semantic: scorer).hits
        #expect(hits.first?.article.id == "cancellation")
        #expect(hits.map(\.article.id).contains("vantage-12"))
        // Close in meaning, it wins on meaning alone.
        let close = TableScorer(index: index, table: ["vantage-12": [0: 0.8], "cancellation": [0: 0.3]])
        #expect(index.search("cancellation", semantic: close).hits.first?.article.id == "vantage-12")
    }

    @Test func meaningDecidesBetweenArticlesTheWordsMatchAlike() {
        // "cancel" is in two articles' text about as strongly; the caller meant the pre-order.
        let lexical = index.search("cancel").hits.map(\.article.id)
        #expect(Set(lexical.prefix(2)) == ["cancellation", "lost-parcels"] || lexical.first == "cancellation")
        let scorer = TableScorer(index: index, table: ["cancellation": [1: 0.7], "lost-parcels": [0: 0.25]])
        let hit = index.search("cancel", semantic: scorer).hits.first
        #expect(hit?.article.id == "cancellation")
        #expect(hit?.section.heading == "Pre-order cancellations")
    }

    @Test func aSectionMuchCloserInMeaningIsShownInsteadOfTheLexicalOne() {
        // The words match the refunds article's opening; the meaning is its store-credit section.
        let scorer = TableScorer(index: index, table: ["refunds": [0: 0.3, 1: 0.7]])
        let hit = index.search("refunds payment method", semantic: scorer).hits.first
        #expect(hit?.article.id == "refunds")
        #expect(hit?.section.heading == "Store credit")
        let lexicalHit = index.search("refunds payment method").hits.first
        #expect(lexicalHit?.section.heading != "Store credit")
    }
}
