import Foundation
import KnowledgeBase
import Support

/// Per-query working memory sized to a block of documents (see ``SearchIndex/rankingBlockSize``),
/// reused across blocks and queries so that a search allocates almost nothing. Raw buffers, as the
/// scoring loops touch them once per posting and buffers need no copy-on-write or exclusivity checks.
///
/// A document's score is valid only where its bit in ``matchedDocuments`` is set. The pass that
/// turns a block's document scores into article scores walks that bit set in ascending order,
/// clearing it as it goes: sections of one article have consecutive numbers, so articles come out
/// one after another with no per-article table, and scores and owners are read in address order. The
/// per-clause stages keep a stamp beside each entry instead (valid only where it equals the current
/// generation), which makes clearing them free.
final class Scratch {
    /// A document's query score so far and the query positions (bits) it matched.
    struct DocumentScore {
        var score: Float
        var positions: UInt32
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

    /// The documents of the largest block ranking scores at once: the size of the per-document
    /// buffers, a power of two of at least 64.
    let blockSize: Int
    let articles: Int
    let documentScores: RawBuffer<DocumentScore>
    /// One bit per document of the block: set once it has a score; all clear between blocks.
    let matchedDocuments: RawBitSet
    /// One bit per article: the articles that match, scored or skipped, for counting; all clear
    /// between queries.
    let skippedArticles: RawBitSet
    let clauseScores: RawBuffer<ClauseScore>
    let clauseTouched: RawBuffer<Int32>
    let alternativeScores: RawBuffer<AlternativeScore>
    let alternativeTouched: RawBuffer<Int32>
    /// The current generation; every stage takes a fresh one.
    private(set) var generation: UInt32 = 0
    /// The word lists of the hits' snippets.
    let snippetStorage = SnippetStorage()

    /// Scratch for ranking an index of `documents` documents and `articles` articles in blocks of
    /// at most `blockSize` documents.
    init(documents: Int, articles: Int, blockSize: Int = SearchIndex.rankingBlockSize) {
        let wanted = max(64, min(documents, blockSize))
        self.blockSize = wanted.nonzeroBitCount == 1 ? wanted : 1 << (Int.bitWidth - wanted.leadingZeroBitCount)
        self.articles = max(1, articles)
        documentScores = RawBuffer(count: self.blockSize, repeating: DocumentScore(score: 0, positions: 0))
        matchedDocuments = RawBitSet(words: RawBuffer(count: self.blockSize / 64, repeating: 0))
        skippedArticles = RawBitSet(words: RawBuffer(count: (self.articles + 63) / 64, repeating: 0))
        clauseScores = RawBuffer(count: self.blockSize, repeating: ClauseScore(stamp: 0, best: 0))
        clauseTouched = RawBuffer(count: self.blockSize, repeating: 0)
        alternativeScores = RawBuffer(count: self.blockSize, repeating: AlternativeScore(stamp: 0, count: 0, sum: 0))
        alternativeTouched = RawBuffer(count: self.blockSize, repeating: 0)
    }

    deinit {
        documentScores.deallocate()
        matchedDocuments.words.deallocate()
        skippedArticles.words.deallocate()
        clauseScores.deallocate()
        alternativeScores.deallocate()
        clauseTouched.deallocate()
        alternativeTouched.deallocate()
    }

    /// A generation no stamp holds yet; stamps are reset on the (rare) wrap-around.
    func nextGeneration() -> UInt32 {
        if generation == UInt32.max {
            for index in 0..<blockSize {
                clauseScores[index].stamp = 0
                alternativeScores[index].stamp = 0
            }
            generation = 0
        }
        generation += 1
        return generation
    }
}

/// Scratch memory for concurrent queries: each query borrows one.
final class ScratchPool: Sendable {
    private let scratches = ReusePool<Scratch>()
    private let documents: Int
    private let articles: Int

    init(documents: Int, articles: Int) {
        self.documents = documents
        self.articles = articles
    }

    func withScratch<Result>(_ body: (Scratch) -> Result) -> Result {
        scratches.withResource(make: { Scratch(documents: documents, articles: articles) }, body)
    }
}
