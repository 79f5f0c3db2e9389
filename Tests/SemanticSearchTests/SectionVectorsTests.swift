import Embedding
import Foundation
import KnowledgeBase
import Search
import SemanticSearch
import TestSupport
import Testing

/// The model `scripts/setup` fetched (run it first).
let model: Result<EmbeddingModel, Error> = Result { try EmbeddingModel(directory: ModelLocation.directory(option: nil)) }

/// A knowledge base of three articles written in the test.
func smallIndex(refundText: String = "Refunds go back to the card the customer paid with, within 5 business days.") -> SearchIndex {
    let files = [
        (
            "policies/refunds.md",
            "---\nid: refunds\ntitle: Refunds\n---\n\n# Refunds\n\n\(refundText)\n\n## Store credit\n\nOffer store credit only when asked."
        ),
        (
            "policies/missed-appointments.md",
            "---\nid: missed-appointments\ntitle: Missed appointments\n---\n\n# Missed appointments\n\nA technician who does not arrive without 24 hours' notice earns a $30 credit."
        ),
        ("products/roaming.md", "---\nid: roaming\ntitle: Roaming\ntype: product\n---\n\n# Roaming\n\nUse your plan abroad for $10 a day."),
    ]
    let articles = files.map { ArticleParser.parse($0.1, path: $0.0).article }
    return SearchIndex(knowledgeBase: KnowledgeBase(root: URL(fileURLWithPath: "/content"), articles: articles))
}

@Suite struct SectionVectorsTests {
    @Test func everySectionHasASimilarityAndTheClosestSectionAnswers() throws {
        let model = try model.get()
        let index = smallIndex()
        let vectors = SectionVectors.build(for: index, model: model, cache: nil)
        let similarities = try #require(vectors.sectionSimilarities(to: "the engineer never turned up"))
        #expect(similarities.count == index.sectionCount)
        let closest = similarities.indices.max { similarities[$0] < similarities[$1] }
        #expect(closest == index.sectionNumber(article: 1, section: 0))
    }

    @Test func theCacheKeepsUnchangedArticlesAndEmbedsOnlyChangedOnes() throws {
        let model = try model.get()
        let folder = try TemporaryFolder()
        let cache = VectorCache(directory: folder.url.path, modelIdentity: model.identity, contentFolder: "/content")
        let first = SectionVectors.build(for: smallIndex(), model: model, cache: cache)
        #expect(first.embeddedCount == first.passageCount)
        #expect(FileManager.default.fileExists(atPath: cache.path))

        let second = SectionVectors.build(for: smallIndex(), model: model, cache: cache)
        #expect(second.embeddedCount == 0)
        let query = "money back on my card"
        #expect(second.sectionSimilarities(to: query) == first.sectionSimilarities(to: query))

        let changed = SectionVectors.build(for: smallIndex(refundText: "Refunds are paid by bank transfer."), model: model, cache: cache)
        #expect(changed.embeddedCount == Passages.of(smallIndex().indexedArticles[0]).count)
    }

    @Test func anUnreadableCacheFileIsRebuiltNotAnError() throws {
        let model = try model.get()
        let folder = try TemporaryFolder()
        let cache = VectorCache(directory: folder.url.path, modelIdentity: model.identity, contentFolder: "/content")
        try FileManager.default.createDirectory(atPath: folder.url.path, withIntermediateDirectories: true)
        try Data("not a vector file".utf8).write(to: URL(fileURLWithPath: cache.path))
        let vectors = SectionVectors.build(for: smallIndex(), model: model, cache: cache)
        #expect(vectors.embeddedCount == vectors.passageCount)
        let again = SectionVectors.build(for: smallIndex(), model: model, cache: cache)
        #expect(again.embeddedCount == 0)
    }

    @Test func passagesCarryTheTitleAndHeadingsAndCutLongSections() {
        let long = (1...120).map { "word\($0)" }.joined(separator: " ")
        let article = smallIndex(refundText: long).indexedArticles[0]
        let passages = Passages.of(article)
        #expect(passages.filter { $0.section == 0 }.count == 3)
        #expect(passages.allSatisfy { $0.text.hasPrefix("Refunds") })
        #expect(passages.last?.text.hasPrefix("Refunds: Store credit.") == true)
    }
}

@Suite struct HybridSearchTests {
    /// The shipped knowledge base with its vectors, built once (a few seconds the first time, then
    /// from the cache).
    static let shipped: (index: SearchIndex, vectors: SectionVectors)? = {
        guard let model = try? model.get() else { return nil }
        let knowledgeBase = Repository.knowledgeBase
        let (synonyms, _) = SynonymTable.forContent(knowledgeBase)
        let index = SearchIndex(knowledgeBase: knowledgeBase, analyzer: TextAnalyzer(synonyms: synonyms))
        let cache = VectorCache(
            directory: VectorCache.defaultDirectory(), modelIdentity: model.identity, contentFolder: Repository.content.path)
        return (index, SectionVectors.build(for: index, model: model, cache: cache))
    }()

    @Test func meaningFindsWhatTheCallersWordsMiss() throws {
        let (index, vectors) = try #require(Self.shipped, "the embedding model is missing: run scripts/setup")
        let query = "forgot password"
        #expect(index.search(query).hits.first?.article.id != "how-to-reset-account-pin")
        let hybrid = index.search(query, semantic: vectors)
        #expect(hybrid.isSemantic)
        #expect(hybrid.hits.first?.article.id == "how-to-reset-account-pin")
        #expect(hybrid.hits.first?.semanticScore != nil)
    }

    @Test func anArticlesTitleFindsThatArticleFirst() throws {
        let (index, vectors) = try #require(Self.shipped, "the embedding model is missing: run scripts/setup")
        for title in ["Refunds", "Cooling-off period", "Device Protection add-on", "Payment plans", "Retention offers"] {
            #expect(index.search(title, semantic: vectors).hits.first?.article.title == title)
        }
    }
}
