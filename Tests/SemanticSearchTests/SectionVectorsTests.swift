import Embedding
import Foundation
import KnowledgeBase
import Search
import SemanticSearch
import Support
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

/// A unit vector of `dimension` random values, the same for the same text.
private func randomUnitVector(for text: String, dimension: Int) -> [Float] {
    var seed: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01b3 }
    var generator = SeededGenerator(seed: seed)
    let values = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
    let length = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return values.map { $0 / length }
}

/// 1,200 articles of 3 sections: 3,600 passages, more than three times those a query scores exactly.
/// `changed` gets other words in its opening.
private func manyArticles(changing changed: Int? = nil) -> [Article] {
    (0..<1_200).map { number in
        let opening = number == changed ? "Changed \(number)." : "Opening \(number)."
        return ArticleParser.parse(
            "---\nid: a\(number)\ntitle: Article \(number)\n---\n\n# Article \(number)\n\n\(opening)\n\n## Detail\n\nDetail \(number).\n\n## More\n\nMore \(number).\n",
            path: "a\(number).md"
        ).article
    }
}

private func searchIndex(of articles: [Article]) -> SearchIndex {
    SearchIndex(knowledgeBase: KnowledgeBase(root: URL(fileURLWithPath: "/content"), articles: articles))
}

@Suite struct SignPrefilterTests {
    @Test func amongManyPassagesTheClosestSectionsAreScoredExactly() throws {
        let model = try model.get()
        let dimension = model.dimension
        let articles = manyArticles()
        let index = searchIndex(of: articles)
        let vectors = SectionVectors.build(
            for: index, model: model, cache: nil, progress: nil, embedder: { randomUnitVector(for: $0, dimension: dimension) })
        #expect(vectors.passageCount > 3 * SectionVectors.exactlyScored)

        // Every passage's exact similarity to a query near one passage, by plain arithmetic.
        let passages = articles.enumerated().flatMap { article, content in
            Passages.of(content).map { (section: index.sectionNumber(article: article, section: $0.section), text: $0.text) }
        }
        var generator = SeededGenerator(seed: 7)
        let target = randomUnitVector(for: passages[1_234].text, dimension: dimension)
        let noisy = target.map { $0 + Float.random(in: -0.05...0.05, using: &generator) }
        let length = noisy.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let query = noisy.map { $0 / length }
        var exact = [Float](repeating: -1, count: index.sectionCount)
        for passage in passages {
            let similarity = zip(query, randomUnitVector(for: passage.text, dimension: dimension)).reduce(0) { $0 + $1.0 * $1.1 }
            exact[passage.section] = max(exact[passage.section], similarity)
        }

        let scored = vectors.similarities(to: query)
        #expect(scored.count == index.sectionCount)
        #expect(scored.count(where: { $0 > -1 }) <= SectionVectors.exactlyScored)
        let best = exact.indices.sorted { exact[$0] > exact[$1] }.prefix(20)
        #expect(best.first == passages[1_234].section)
        for section in best {
            #expect(abs(scored[section] - exact[section]) < 0.01, "section \(section): \(scored[section]) against \(exact[section])")
        }
    }

    @Test func vectorsTooManyToHoldAreReadFromTheCacheFileEvenAfterItIsReplaced() throws {
        let model = try model.get()
        let dimension = model.dimension
        let folder = try TemporaryFolder()
        let cache = VectorCache(directory: folder.url.path, modelIdentity: model.identity, contentFolder: "/content")
        let embedder: @Sendable (String) -> [Float] = { randomUnitVector(for: $0, dimension: dimension) }
        let index = searchIndex(of: manyArticles())
        let held = SectionVectors.build(for: index, model: model, cache: nil, progress: nil, embedder: embedder)
        let read = SectionVectors.build(for: index, model: model, cache: cache, progress: nil, rowsInMemoryLimit: 0, embedder: embedder)
        #expect(!held.readsRowsFromFile)
        #expect(read.readsRowsFromFile)
        #expect(read.memoryBytes < held.memoryBytes / 2)

        let queries = [5, 1_234, 3_000].map { randomUnitVector(for: "query \($0)", dimension: dimension) }
        let before = queries.map(read.similarities(to:))
        #expect(before == queries.map(held.similarities(to:)))

        // Another run changes an article and replaces the cache file; the open vectors read the old one.
        let changedIndex = searchIndex(of: manyArticles(changing: 0))
        let changed = SectionVectors.build(
            for: changedIndex, model: model, cache: cache, progress: nil, rowsInMemoryLimit: 0, embedder: embedder)
        #expect(changed.embeddedCount == 3)
        #expect(queries.map(read.similarities(to:)) == before)

        // Loaded from the new file alone, nothing embedded, the vectors are the changed run's.
        let reloaded = SectionVectors.build(
            for: changedIndex, model: model, cache: cache, progress: nil, rowsInMemoryLimit: 0, embedder: embedder)
        #expect(reloaded.readsRowsFromFile)
        #expect(reloaded.embeddedCount == 0)
        #expect(queries.map(reloaded.similarities(to:)) == queries.map(changed.similarities(to:)))
        #expect(queries.map(reloaded.similarities(to:)) != before)
    }
}
