import Foundation

/// The postings of every stem, in flat arrays (compressed-sparse-row): for stem `s`, entries
/// `offsets[s]..<offsets[s+1]` of ``lowDocs`` and ``impacts``, in ascending document order.
///
/// A document number is stored as its low 16 bits. Documents come in segments of 65,536; for each
/// segment after the first, ``boundaries`` holds where every stem's postings in it begin, so that a
/// posting's document is its segment's first document plus its low bits. Two bytes a posting instead
/// of four: at 100,000 articles (450,000 sections) there are seven segments, and the boundaries cost
/// a few megabytes against the 60 MB saved. An index of fewer than 65,536 sections has one segment
/// and no boundaries.
struct PostingLists: Sendable {
    /// Documents per segment, as a shift: 16 (smaller only to test many segments on small indexes).
    let segmentShift: Int

    /// For stem `s`, its postings are `offsets[s]..<offsets[s+1]`.
    let offsets: [Int32]
    /// Each posting's document, less its segment's first document.
    let lowDocs: [UInt16]
    /// Each posting's impact (see ``SearchIndex/quantize(_:)``).
    let impacts: [SearchIndex.Impact]
    /// The number of segments (at least one).
    let segmentCount: Int
    /// For segment `g` in `1..<segmentCount`, entry `(g - 1) * stemCount + s`: the first posting of
    /// stem `s` whose document is in segment `g` or later.
    private let boundaries: [Int32]
    private let stemCount: Int

    /// The number of segments of an index of `documentCount` documents.
    static func segmentCount(documents documentCount: Int, segmentShift: Int) -> Int {
        max(1, (documentCount + (1 << segmentShift) - 1) >> segmentShift)
    }

    /// Postings already laid out: `boundaries` as ``boundary(_:stem:)`` reads them (empty for one
    /// segment).
    init(offsets: [Int32], lowDocs: [UInt16], impacts: [SearchIndex.Impact], documentCount: Int, segmentShift: Int, boundaries: [Int32]) {
        precondition((1...16).contains(segmentShift), "a document's low bits must fit 16 bits")
        self.offsets = offsets
        self.lowDocs = lowDocs
        self.impacts = impacts
        self.segmentShift = segmentShift
        stemCount = max(0, offsets.count - 1)
        segmentCount = Self.segmentCount(documents: documentCount, segmentShift: segmentShift)
        precondition(boundaries.count == (segmentCount - 1) * stemCount, "one boundary per stem and later segment")
        self.boundaries = boundaries
    }

    /// The postings of `stem`, as indices into ``lowDocs`` and ``impacts``.
    @inline(__always)
    func range(of stem: Int) -> Range<Int> { Int(offsets[stem])..<Int(offsets[stem + 1]) }

    /// The number of postings of `stem`.
    @inline(__always)
    func count(of stem: Int) -> Int { Int(offsets[stem + 1] - offsets[stem]) }

    /// The first posting of `stem` in segment `segment` or later (`segment` in `0...segmentCount`).
    @inline(__always)
    func boundary(_ segment: Int, stem: Int) -> Int {
        if segment == 0 { return Int(offsets[stem]) }
        if segment >= segmentCount { return Int(offsets[stem + 1]) }
        return Int(boundaries[(segment - 1) * stemCount + stem])
    }

    /// Calls `body` with each posting of `stem`: its document and impact, in document order.
    func forEach(stem: Int, _ body: (_ doc: Int32, _ impact: SearchIndex.Impact) -> Void) {
        for segment in 0..<segmentCount {
            let base = Int32(segment << segmentShift)
            for index in boundary(segment, stem: stem)..<boundary(segment + 1, stem: stem) {
                body(base + Int32(lowDocs[index]), impacts[index])
            }
        }
    }
}
