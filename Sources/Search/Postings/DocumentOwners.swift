/// Each document's article, in one byte a document. Documents come in groups of 64: a group keeps
/// the article of its first document, and each document how many articles later its own is (at
/// most 63, since a group's 64 documents are sections of at most 64 articles, and an article's
/// sections are consecutive documents).
///
/// A quarter of the memory of an article number per document: ranking reads the article of every
/// section it scores, and so touches a quarter of the cache lines it did.
struct DocumentOwners: Sendable {
    /// For each group of 64 documents, the article of its first one.
    private let groupFirst: [Int32]
    /// For each document, its article less its group's first.
    private let offsets: [UInt8]

    /// The owners of documents `0..<articles.count`: `articles[d]` is document `d`'s article, and
    /// never decreases.
    init(_ articles: [Int32]) {
        var groupFirst: [Int32] = []
        groupFirst.reserveCapacity((articles.count + 63) / 64)
        var offsets = [UInt8](repeating: 0, count: articles.count)
        for (doc, article) in articles.enumerated() {
            if doc & 63 == 0 { groupFirst.append(article) }
            let offset = article - groupFirst[doc >> 6]
            precondition((0..<64).contains(offset), "documents' articles must be ascending, one or more documents each")
            offsets[doc] = UInt8(offset)
        }
        self.groupFirst = groupFirst
        self.offsets = offsets
    }

    /// The number of documents.
    var count: Int { offsets.count }

    /// The article of document `doc`.
    @inline(__always)
    subscript(doc: Int) -> Int32 { Self.article(of: doc, groupFirst: groupFirst, offsets: offsets) }

    /// The article of document `doc`, from the tables as arrays or as buffers.
    @inline(__always)
    private static func article<Groups: RandomAccessCollection<Int32>, Offsets: RandomAccessCollection<UInt8>>(
        of doc: Int, groupFirst: Groups, offsets: Offsets
    ) -> Int32 where Groups.Index == Int, Offsets.Index == Int {
        groupFirst[doc &>> 6] &+ Int32(offsets[doc])
    }

    /// Calls `body` with the tables as buffers, whose reads need no bounds checks.
    func withBuffers<Result>(_ body: (Buffers) -> Result) -> Result {
        groupFirst.withUnsafeBufferPointer { groupFirst in
            offsets.withUnsafeBufferPointer { offsets in body(Buffers(groupFirst: groupFirst, offsets: offsets)) }
        }
    }

    /// ``DocumentOwners`` as buffers, valid only during ``withBuffers(_:)``.
    struct Buffers {
        let groupFirst: UnsafeBufferPointer<Int32>
        let offsets: UnsafeBufferPointer<UInt8>

        var count: Int { offsets.count }

        @inline(__always)
        subscript(doc: Int) -> Int32 { DocumentOwners.article(of: doc, groupFirst: groupFirst, offsets: offsets) }
    }
}
