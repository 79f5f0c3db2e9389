import Foundation

/// Per-query working memory sized to the index, reused across queries so that a search allocates
/// almost nothing. Entries are valid only where their stamp equals the current generation, which
/// makes clearing free.
final class Scratch {
    /// Weighted field frequency of one stem per document.
    var frequency: [Float]
    var frequencyStamp: [UInt32]
    var frequencyTouched: [Int32] = []
    var frequencyGeneration: UInt32 = 0
    /// Sum and count of the stems of a several-word alternative per document.
    var alternativeSum: [Float]
    var alternativeCount: [UInt8]
    var alternativeStamp: [UInt32]
    var alternativeTouched: [Int32] = []
    var alternativeGeneration: UInt32 = 0
    /// Best alternative of one clause per document.
    var clauseBest: [Float]
    var clauseStamp: [UInt32]
    var clauseTouched: [Int32] = []
    var clauseGeneration: UInt32 = 0
    /// Query score and matched query positions per document.
    var score: [Float]
    var positions: [UInt64]
    var scoreStamp: [UInt32]
    var scoreTouched: [Int32] = []
    var scoreGeneration: UInt32 = 0
    /// Best document per article.
    var articleBest: [Float]
    var articleBestDoc: [Int32]
    var articleStamp: [UInt32]
    var articleTouched: [Int32] = []
    var articleGeneration: UInt32 = 0

    init(documents: Int, articles: Int) {
        frequency = Array(repeating: 0, count: documents)
        frequencyStamp = Array(repeating: 0, count: documents)
        alternativeSum = Array(repeating: 0, count: documents)
        alternativeCount = Array(repeating: 0, count: documents)
        alternativeStamp = Array(repeating: 0, count: documents)
        clauseBest = Array(repeating: 0, count: documents)
        clauseStamp = Array(repeating: 0, count: documents)
        score = Array(repeating: 0, count: documents)
        positions = Array(repeating: 0, count: documents)
        scoreStamp = Array(repeating: 0, count: documents)
        articleBest = Array(repeating: 0, count: articles)
        articleBestDoc = Array(repeating: 0, count: articles)
        articleStamp = Array(repeating: 0, count: articles)
    }

    func startScore() {
        scoreGeneration &+= 1
        scoreTouched.removeAll(keepingCapacity: true)
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
