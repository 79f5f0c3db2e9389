import Foundation

/// Per-query working memory sized to the index, reused across queries so that a search allocates
/// almost nothing. Entries are valid only where their stamp equals the current generation, which
/// makes clearing free. Raw buffers rather than arrays: the scoring loops touch them once per
/// posting, and buffers need no copy-on-write or exclusivity checks.
final class Scratch {
    let documents: Int
    let articles: Int
    /// Weighted field frequency of one stem per document, and the documents touched.
    let frequency: UnsafeMutablePointer<Float>
    let frequencyStamp: UnsafeMutablePointer<UInt32>
    let frequencyTouched: UnsafeMutablePointer<Int32>
    /// Sum and count of the stems of a several-word alternative per document.
    let alternativeSum: UnsafeMutablePointer<Float>
    let alternativeCount: UnsafeMutablePointer<UInt8>
    let alternativeStamp: UnsafeMutablePointer<UInt32>
    let alternativeTouched: UnsafeMutablePointer<Int32>
    /// Best alternative of one clause per document.
    let clauseBest: UnsafeMutablePointer<Float>
    let clauseStamp: UnsafeMutablePointer<UInt32>
    let clauseTouched: UnsafeMutablePointer<Int32>
    /// Query score and matched query positions per document.
    let score: UnsafeMutablePointer<Float>
    let positions: UnsafeMutablePointer<UInt64>
    let scoreStamp: UnsafeMutablePointer<UInt32>
    let scoreTouched: UnsafeMutablePointer<Int32>
    /// Best document per article.
    let articleBest: UnsafeMutablePointer<Float>
    let articleBestDoc: UnsafeMutablePointer<Int32>
    let articleStamp: UnsafeMutablePointer<UInt32>
    let articleTouched: UnsafeMutablePointer<Int32>
    /// The current generation; every stage takes a fresh one.
    private(set) var generation: UInt32 = 0

    init(documents: Int, articles: Int) {
        self.documents = documents
        self.articles = articles
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
            pointer.initialize(repeating: value, count: max(1, count))
            return pointer
        }
        frequency = buffer(documents, 0)
        frequencyStamp = buffer(documents, 0)
        frequencyTouched = buffer(documents, 0)
        alternativeSum = buffer(documents, 0)
        alternativeCount = buffer(documents, 0)
        alternativeStamp = buffer(documents, 0)
        alternativeTouched = buffer(documents, 0)
        clauseBest = buffer(documents, 0)
        clauseStamp = buffer(documents, 0)
        clauseTouched = buffer(documents, 0)
        score = buffer(documents, 0)
        positions = buffer(documents, 0)
        scoreStamp = buffer(documents, 0)
        scoreTouched = buffer(documents, 0)
        articleBest = buffer(articles, 0)
        articleBestDoc = buffer(articles, 0)
        articleStamp = buffer(articles, 0)
        articleTouched = buffer(articles, 0)
    }

    deinit {
        for pointer in [frequencyStamp, alternativeStamp, clauseStamp, scoreStamp, articleStamp] { pointer.deallocate() }
        for pointer in [frequency, alternativeSum, clauseBest, score, articleBest] { pointer.deallocate() }
        for pointer in [frequencyTouched, alternativeTouched, clauseTouched, scoreTouched, articleTouched, articleBestDoc] {
            pointer.deallocate()
        }
        alternativeCount.deallocate()
        positions.deallocate()
    }

    /// A generation no stamp holds yet; stamps are reset on the (rare) wrap-around.
    func nextGeneration() -> UInt32 {
        if generation == UInt32.max {
            for pointer in [frequencyStamp, alternativeStamp, clauseStamp, scoreStamp] { pointer.update(repeating: 0, count: max(1, documents)) }
            articleStamp.update(repeating: 0, count: max(1, articles))
            generation = 0
        }
        generation += 1
        return generation
    }
}

/// Scratch memory for concurrent queries: each query borrows one.
final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Scratch] = []
    private let documents: Int
    private let articles: Int

    init(documents: Int, articles: Int) {
        self.documents = documents
        self.articles = articles
    }

    func withScratch<Result>(_ body: (Scratch) -> Result) -> Result {
        lock.lock()
        let scratch = idle.popLast() ?? Scratch(documents: documents, articles: articles)
        lock.unlock()
        defer {
            lock.lock()
            idle.append(scratch)
            lock.unlock()
        }
        return body(scratch)
    }
}
