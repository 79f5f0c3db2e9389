import CIntrinsics
import Embedding
import Foundation
import KnowledgeBase
import Search
import Support

/// The vectors of every passage of every indexed section, and the similarity of a query to each
/// section: the closest of its passages.
///
/// Built once per knowledge base (``build(for:model:cache:progress:)``), from the cache where an
/// article is unchanged; immutable and safe to share between threads after that.
public final class SectionVectors: SemanticScorer, @unchecked Sendable {
    /// The model that made the vectors, which also embeds queries.
    public let model: EmbeddingModel
    /// How many passages were embedded in all.
    public var passageCount: Int { passageSections.count }
    /// How many of them were read by the model on this build (the rest came from the cache).
    public let embeddedCount: Int
    private let sectionCount: Int
    let dimension: Int
    /// Each passage's section number in the search index.
    let passageSections: [Int32]
    /// The passages' quantised vectors, one after another; empty when they are read from `rowFile`.
    private let rows: [Int8]
    /// The cache file the vectors are read from when they are too many to hold, and where each
    /// passage's starts in it.
    private let rowFile: RowFile?
    private let rowOffsets: [Int]
    private let scales: [Float]
    /// The passages' signs, a bit a dimension (set where the value is positive), one after another.
    let signs: [UInt64]

    /// How many passages, the closest by their signs, a query scores exactly: enough to hold the
    /// sections of the articles fusion takes from meaning (BENCHMARKS.md).
    public static let exactlyScored = 1_024

    /// Vectors up to this many bytes are held in memory; more are read from the cache file as a
    /// query needs them (only the ``exactlyScored`` closest), and memory holds only their signs.
    public static let rowsInMemoryLimit = 64 << 20

    /// Vectors held in memory (`rowFile` nil), or read from `rowFile` at `rowOffsets` (`rows` empty).
    private init(
        model: EmbeddingModel, sectionCount: Int, passageSections: [Int32], rows: [Int8], signs: [UInt64], scales: [Float],
        embeddedCount: Int, rowFile: RowFile?, rowOffsets: [Int]
    ) {
        self.model = model
        self.sectionCount = sectionCount
        dimension = model.dimension
        self.passageSections = passageSections
        self.scales = scales
        self.embeddedCount = embeddedCount
        self.signs = signs
        self.rows = rows
        self.rowFile = rowFile
        self.rowOffsets = rowOffsets
    }

    /// The vectors of `index`'s sections: read from `cache` for unchanged articles, embedded for the
    /// rest on every core, and written back to the cache when anything changed.
    ///
    /// `progress` is called with the passages embedded so far and the number to embed, from any
    /// thread.
    ///
    /// - Complexity: about 10 ms of one core per passage embedded; O(n) in the cached ones.
    public static func build(
        for index: SearchIndex, model: EmbeddingModel, cache: VectorCache?, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> SectionVectors {
        build(for: index, model: model, cache: cache, progress: progress, embedder: model.vector(for:))
    }

    /// Whether these vectors are read from the cache file rather than held in memory.
    public var readsRowsFromFile: Bool { rowFile != nil }

    /// ``build(for:model:cache:progress:)`` with the passages the cache lacks turned into vectors by
    /// `embedder`: the benchmark reuses a measured sample's vectors so that a corpus of 100,000
    /// articles does not take hours.
    ///
    /// Vectors over `rowsInMemoryLimit` bytes are read from the cache file (when there is one).
    package static func build(
        for index: SearchIndex, model: EmbeddingModel, cache: VectorCache?, progress: (@Sendable (Int, Int) -> Void)?,
        rowsInMemoryLimit: Int = rowsInMemoryLimit, embedder: @escaping @Sendable (String) -> [Float]
    ) -> SectionVectors {
        let vectors = build(
            Pending(for: index, dimension: model.dimension, cache: cache), model: model, progress: progress,
            rowsInMemoryLimit: rowsInMemoryLimit, embedder: embedder)
        vectors.releaseBuildMemory()
        return vectors
    }

    /// Hands back to the system what a build freed (the cache's entries were many small arrays), when
    /// the vectors are many enough for it to matter.
    func releaseBuildMemory() {
        if readsRowsFromFile { FreedMemory.release() }
    }

    /// What a build starts from: each article's fingerprint, what the cache holds, and the passages
    /// it lacks, which the model must read.
    struct Pending {
        let index: SearchIndex
        let cache: VectorCache?
        let fingerprints: [UInt64]
        let cached: VectorCache.Contents
        let missing: [(article: Int, section: Int, text: String)]

        init(for index: SearchIndex, dimension: Int, cache: VectorCache?) {
            let articles = index.indexedArticles
            // Keyed by what the passages are made of, so that a cached article's passages are never cut.
            let fingerprints = articles.map(Passages.fingerprint)
            let cached = cache?.load(dimension: dimension) ?? VectorCache.Contents()
            var missing: [(article: Int, section: Int, text: String)] = []
            for (article, fingerprint) in fingerprints.enumerated() where cached.entries[fingerprint] == nil {
                for passage in Passages.of(articles[article]) { missing.append((article, passage.section, passage.text)) }
            }
            self.index = index
            self.cache = cache
            self.fingerprints = fingerprints
            self.cached = cached
            self.missing = missing
        }
    }

    /// Embeds what `pending` lacks, saves the cache when anything changed, and lays the vectors out
    /// in the index's order.
    static func build(
        _ pending: Pending, model: EmbeddingModel, progress: (@Sendable (Int, Int) -> Void)?, rowsInMemoryLimit: Int = rowsInMemoryLimit,
        embedder: @escaping @Sendable (String) -> [Float]
    ) -> SectionVectors {
        let (index, cache, fingerprints, cached, missing) = (
            pending.index, pending.cache, pending.fingerprints, pending.cached, pending.missing
        )
        let articles = index.indexedArticles
        let dimension = model.dimension
        let embedded = embed(missing.map(\.text), embedder: embedder, progress: progress)
        var entries = cached.entries
        for (offset, passage) in missing.enumerated() {
            let fingerprint = fingerprints[passage.article]
            entries[fingerprint, default: VectorCache.Entry()].append(section: Int32(passage.section), embedded[offset])
        }
        let current = Set(fingerprints)
        let isStale = entries.count != current.count
        if isStale { entries = entries.filter { current.contains($0.key) } }
        var stored = cached
        if let cache, !missing.isEmpty || isStale { stored = cache.save(entries, dimension: dimension) }
        // Too many to hold, the vectors stay in the file, and only their signs are worked out here.
        let everyRowStored = stored.file != nil && entries.keys.allSatisfy { stored.byteOffsets[$0] != nil }
        let passageTotal = entries.values.reduce(0) { $0 + $1.sections.count }
        let readsFile = everyRowStored && passageTotal * dimension > rowsInMemoryLimit
        var passageSections: [Int32] = []
        var rows: [Int8] = []
        var signs: [UInt64] = []
        var rowOffsets: [Int] = []
        var scales: [Float] = []
        signs.reserveCapacity(passageTotal * signWords(dimension: dimension))
        if !readsFile { rows.reserveCapacity(passageTotal * dimension) }
        for (article, fingerprint) in fingerprints.enumerated() {
            guard let entry = entries[fingerprint] else { continue }
            for (passage, section) in entry.sections.enumerated() where Int(section) < articles[article].sections.count {
                passageSections.append(Int32(index.sectionNumber(article: article, section: Int(section))))
                let row = entry.bytes[passage * dimension..<(passage + 1) * dimension]
                row.withUnsafeBufferPointer { Self.appendSigns(of: $0, to: &signs) }
                if readsFile {
                    rowOffsets.append((stored.byteOffsets[fingerprint] ?? 0) + passage * dimension)
                } else {
                    rows.append(contentsOf: row)
                }
                scales.append(entry.scales[passage])
            }
        }
        return SectionVectors(
            model: model, sectionCount: index.sectionCount, passageSections: passageSections, rows: rows, signs: signs, scales: scales,
            embeddedCount: missing.count, rowFile: readsFile ? stored.file : nil, rowOffsets: rowOffsets)
    }

    /// The quantised vectors of `texts`, in order, embedded on every core.
    private static func embed(
        _ texts: [String], embedder: @Sendable (String) -> [Float], progress: (@Sendable (Int, Int) -> Void)?
    ) -> [QuantizedVector] {
        let done = Counter()
        return Parallel.map(count: texts.count, batchesPerWorker: 64) { index in
            let vector = QuantizedVector(embedder(texts[index]))
            progress?(done.increment(), texts.count)
            return vector
        }
    }

    /// The similarity of `text` to each section (the closest of its passages), −1 for a section
    /// with no passage.
    ///
    /// - Complexity: the query's embedding (a few milliseconds), then O(p·d) for p passages of d
    ///   dimensions.
    public func sectionSimilarities(to text: String) -> [Float]? {
        similarities(to: model.vector(for: text))
    }

    /// The bytes the vectors take in memory.
    public var memoryBytes: Int { rows.count + rowOffsets.count * 8 + scales.count * 4 + passageSections.count * 4 + signs.count * 8 }

    /// The similarity of a query vector to each section: exact for the sections of the
    /// ``exactlyScored`` passages whose signs differ least from the query's, −1 for the rest.
    ///
    /// Signs differ in a number of bits that grows with the angle between two vectors; comparing
    /// them reads an eighth of the bytes the exact similarities do, and the few passages worth it
    /// are then scored exactly.
    public func similarities(to queryVector: [Float]) -> [Float] {
        let query = QuantizedVector(queryVector)
        var sections = [Float](repeating: -1, count: sectionCount)
        var sum: Int32 = 0
        var row = [Int8](repeating: 0, count: dimension)
        query.bytes.withUnsafeBufferPointer { queryBytes in
            for passage in closestPassages(to: query.bytes) {
                if let rowFile {
                    guard row.withUnsafeMutableBytes({ rowFile.read(into: $0.baseAddress!, count: dimension, at: rowOffsets[passage]) })
                    else { continue }
                    frontline_dot_rows_i8(row, 1, dimension, queryBytes.baseAddress!, &sum)
                } else {
                    rows.withUnsafeBufferPointer { rows in
                        frontline_dot_rows_i8(rows.baseAddress! + passage * dimension, 1, dimension, queryBytes.baseAddress!, &sum)
                    }
                }
                let similarity = Float(sum) * scales[passage] * query.scale
                let section = Int(passageSections[passage])
                if similarity > sections[section] { sections[section] = similarity }
            }
        }
        return sections
    }
}

/// A count shared by worker threads.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
