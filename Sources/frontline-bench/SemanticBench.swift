import Embedding
import Foundation
import KnowledgeBase
import Search
import SemanticSearch
import Support

/// Hybrid search's figures on a corpus: the model's speed, the vectors' build and memory, and the
/// time of a hybrid query beside a lexical one.
///
/// Embedding every passage of 10,000 synthetic articles would take the model most of an hour, and
/// their vectors would mean nothing: a sample of passages is embedded (which gives the throughput
/// and the estimated first build), and the other passages reuse the sample's vectors. Similarity
/// and fusion cost the same whatever the vectors hold.
struct SemanticMeasurement: Codable {
    var articles: Int
    var passages: Int
    /// The model: one query's embedding, and passages embedded per second on every core.
    var queryEmbeddingP50Ms: Double
    var queryEmbeddingP99Ms: Double
    var passagesPerSecond: Double
    /// The first build (every passage through the model), estimated from the throughput; a build
    /// from the cache, measured.
    var firstBuildSecondsEstimated: Double
    var cachedBuildSeconds: Double
    var vectorMegabytes: Double
    var rssMb: Double
    var lexicalP50Us: Double
    var lexicalP99Us: Double
    var hybridP50Ms: Double
    var hybridP99Ms: Double
    /// The similarity of an embedded query to every passage, alone.
    var similarityScanP50Ms: Double

    static let samplePassages = 240

    static func run(corpus: String, queriesFile: String, rounds: Int, modelDirectory: String, vectorCache: String? = nil) throws
        -> SemanticMeasurement
    {
        let queries = try String(contentsOfFile: queriesFile, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let knowledgeBase = try ContentLoader(root: URL(fileURLWithPath: corpus)).load()
        let index = SearchIndex(knowledgeBase: knowledgeBase)
        let model = try EmbeddingModel(directory: modelDirectory)

        let embedding = Measurement.time(queries, rounds: rounds) { _ = model.vector(for: $0) }

        let sampleTexts = Array(index.indexedArticles.lazy.flatMap { Passages.of($0).map(\.text) }.prefix(samplePassages))
        let sampleStart = Measurement.now()
        var sample = [[Float]](repeating: [], count: sampleTexts.count)
        sample.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: sampleTexts.count) { output[$0] = model.vector(for: sampleTexts[$0]) }
        }
        let passagesPerSecond = Double(sampleTexts.count) / (Measurement.now() - sampleStart)

        let cacheFolder = vectorCache ?? NSTemporaryDirectory() + "frontline-bench-vectors-\(getpid())"
        defer { if vectorCache == nil { try? FileManager.default.removeItem(atPath: cacheFolder) } }
        // Named as `frontline` names it, so that the kept cache serves `frontline search` too.
        let contentFolder = URL(fileURLWithPath: corpus).standardizedFileURL.path
        let cache = VectorCache(directory: cacheFolder, modelIdentity: model.identity, contentFolder: contentFolder)
        let reused = sample
        // The first build only fills the cache; freed at once, so that the memory measured is what
        // a search process holds: the knowledge base, its index, the model and the cached vectors.
        let passageCount = SectionVectors.build(
            for: index, model: model, cache: cache, progress: nil,
            embedder: { text in reused[text.utf8.count % reused.count] }
        ).passageCount
        let cachedStart = Measurement.now()
        let vectors = SectionVectors.build(for: index, model: model, cache: cache)
        let cachedSeconds = Measurement.now() - cachedStart
        precondition(vectors.embeddedCount == 0, "the second build should read every vector from the cache")

        let today = ContentDate.today()
        var sink = 0
        let lexical = Measurement.time(queries, rounds: rounds) { sink &+= index.search($0, limit: 10, today: today).hits.count }
        let hybrid = Measurement.time(queries, rounds: rounds) {
            sink &+= index.search($0, limit: 10, today: today, semantic: vectors).hits.count
        }
        let queryVectors = Dictionary(queries.map { ($0, model.vector(for: $0)) }, uniquingKeysWith: { first, _ in first })
        let scan = Measurement.time(queries, rounds: rounds) { sink &+= vectors.similarities(to: queryVectors[$0] ?? []).count }
        if sink == -1 { print(sink) }
        FreedMemory.release()
        return SemanticMeasurement(
            articles: index.articleCount, passages: passageCount, queryEmbeddingP50Ms: embedding.p50 / 1000,
            queryEmbeddingP99Ms: embedding.p99 / 1000, passagesPerSecond: passagesPerSecond,
            firstBuildSecondsEstimated: Double(passageCount) / passagesPerSecond, cachedBuildSeconds: cachedSeconds,
            vectorMegabytes: Double(vectors.memoryBytes) / 1_048_576, rssMb: Measurement.residentMegabytes(), lexicalP50Us: lexical.p50,
            lexicalP99Us: lexical.p99, hybridP50Ms: hybrid.p50 / 1000, hybridP99Ms: hybrid.p99 / 1000, similarityScanP50Ms: scan.p50 / 1000)
    }

    var text: String {
        func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        return """
            articles \(articles), passages \(passages)
            query embedding      p50 \(format(queryEmbeddingP50Ms, 2)) ms, p99 \(format(queryEmbeddingP99Ms, 2)) ms
            embedding throughput \(format(passagesPerSecond, 1)) passages/s (every core)
            first build          \(format(firstBuildSecondsEstimated, 0)) s (estimated from the throughput)
            cached build         \(format(cachedBuildSeconds, 2)) s
            vectors              \(format(vectorMegabytes, 1)) MB; process RSS \(format(rssMb, 0)) MB
            lexical query        p50 \(format(lexicalP50Us, 1)) µs, p99 \(format(lexicalP99Us, 1)) µs
            hybrid query         p50 \(format(hybridP50Ms, 2)) ms, p99 \(format(hybridP99Ms, 2)) ms
            similarity scan      p50 \(format(similarityScanP50Ms, 2)) ms (every passage, the query embedded)
            """
    }
}
