import Foundation

/// Per-query working memory sized to the index, reused across queries so that a search allocates
/// almost nothing. Entries are valid only where their stamp equals the current generation, which
/// makes clearing free. Each entry keeps its stamp beside its values, so that a document costs one
/// cache miss rather than one per array; raw buffers, as the scoring loops touch them once per
/// posting and buffers need no copy-on-write or exclusivity checks.
final class Scratch {
    /// A document's query score so far and the query positions (bits) it matched.
    struct DocumentScore {
        var stamp: UInt32
        var score: Float
        var positions: UInt64
    }

    /// A document's best alternative within one clause.
    struct ClauseScore {
        var stamp: UInt32
        var best: Float
    }

    /// The sum and count of the stems of a several-word alternative in a document.
    struct AlternativeScore {
        var stamp: UInt32
        var count: UInt32
        var sum: Float
    }

    /// An article's best section and its score (negative: filtered out).
    struct ArticleScore {
        var stamp: UInt32
        var best: Float
        var bestDoc: Int32
    }

    let documents: Int
    let articles: Int
    let documentScores: UnsafeMutablePointer<DocumentScore>
    let scoreTouched: UnsafeMutablePointer<Int32>
    let clauseScores: UnsafeMutablePointer<ClauseScore>
    let clauseTouched: UnsafeMutablePointer<Int32>
    let alternativeScores: UnsafeMutablePointer<AlternativeScore>
    let alternativeTouched: UnsafeMutablePointer<Int32>
    let articleScores: UnsafeMutablePointer<ArticleScore>
    let articleTouched: UnsafeMutablePointer<Int32>
    /// The current generation; every stage takes a fresh one.
    private(set) var generation: UInt32 = 0

    init(documents: Int, articles: Int) {
        self.documents = max(1, documents)
        self.articles = max(1, articles)
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
            pointer.initialize(repeating: value, count: count)
            return pointer
        }
        documentScores = buffer(self.documents, DocumentScore(stamp: 0, score: 0, positions: 0))
        scoreTouched = buffer(self.documents, 0)
        clauseScores = buffer(self.documents, ClauseScore(stamp: 0, best: 0))
        clauseTouched = buffer(self.documents, 0)
        alternativeScores = buffer(self.documents, AlternativeScore(stamp: 0, count: 0, sum: 0))
        alternativeTouched = buffer(self.documents, 0)
        articleScores = buffer(self.articles, ArticleScore(stamp: 0, best: 0, bestDoc: 0))
        articleTouched = buffer(self.articles, 0)
    }

    deinit {
        documentScores.deallocate()
        clauseScores.deallocate()
        alternativeScores.deallocate()
        articleScores.deallocate()
        for pointer in [scoreTouched, clauseTouched, alternativeTouched, articleTouched] { pointer.deallocate() }
    }

    /// A generation no stamp holds yet; stamps are reset on the (rare) wrap-around.
    func nextGeneration() -> UInt32 {
        if generation == UInt32.max {
            for index in 0..<documents {
                documentScores[index].stamp = 0
                clauseScores[index].stamp = 0
                alternativeScores[index].stamp = 0
            }
            for index in 0..<articles { articleScores[index].stamp = 0 }
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
