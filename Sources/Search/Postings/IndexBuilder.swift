import CIntrinsics
import Foundation
import KnowledgeBase
import Support

/// Builds the arrays of a ``SearchIndex``: articles are tokenised in parallel chunks, each with its
/// own small dictionary, then merged in order into global ids and flat postings.
///
/// A chunk emits one raw posting per section and stem, with the counts of all four fields (the
/// article's title and tags/summary counts are repeated in each of its sections); the merge turns
/// them into impacts once the average field lengths are known.
struct IndexBuilder {
    var docArticle: [Int32] = []
    var articleFirstDoc: [Int32] = []
    var titleFactor: [Float] = []
    var metaFactor: [Float] = []
    var headingFactor: [Float] = []
    var bodyFactor: [Float] = []
    var dictionary = TermDictionary()
    var postings = PostingLists(offsets: [0], lowDocs: [], impacts: [], documentCount: 0, segmentShift: 16, boundaries: [])
    /// For each stem, its highest impact: what bounds its share of any section's score.
    var stemMaxImpact: [SearchIndex.Impact] = []
    var idf: [Float] = []
    /// For each stem, the number of articles holding it.
    var stemArticles: [Int32] = []

    static func build(articles: [Article], phrases: PhraseTerms = .none, segmentShift: Int = 16) -> IndexBuilder {
        let ranges = chunkRanges(articles)
        let chunks = Parallel.map(count: ranges.count) { ChunkIndexer.index(articles[ranges[$0]], phrases: phrases) }
        var builder = IndexBuilder()
        builder.merge(chunks, articleCount: articles.count, segmentShift: segmentShift)
        return builder
    }

    /// One run of articles per core, of about equal text: each chunk stems every distinct word it
    /// meets once, so fewer, larger chunks stem less (at 100,000 articles, 1,000-article chunks spent
    /// seconds re-stemming), and equal text keeps every core busy to the end.
    static func chunkRanges(_ articles: [Article]) -> [Range<Int>] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunkCount = max(1, min(cores, articles.count / 16))
        let sizes = articles.map(indexedSize)
        let total = sizes.reduce(0, +)
        var ranges: [Range<Int>] = []
        var start = 0
        var accumulated = 0
        for (index, size) in sizes.enumerated() {
            accumulated += size
            if ranges.count < chunkCount - 1, index + 1 < articles.count, accumulated * chunkCount >= total * (ranges.count + 1) {
                ranges.append(start..<(index + 1))
                start = index + 1
            }
        }
        ranges.append(start..<articles.count)
        return ranges
    }

    /// About how many bytes of an article the indexer reads: its sections' text, and a little for
    /// its title and tags.
    static func indexedSize(of article: Article) -> Int {
        article.sections.reduce(64) { $0 + $1.textUTF8Count }
    }

    /// What merging the chunks' own tables yields besides the global dictionary.
    private struct MergedTables {
        /// Per chunk: its stem ids → the global ones.
        var stemMaps: [[Int32]] = []
        /// Articles holding each global stem.
        var stemDF: [Int32] = []
        /// Postings of each global stem.
        var postingCounts: [Int32] = []
        /// Each article's field lengths, in words.
        var titleLengths: [Int32] = []
        var metaLengths: [Int32] = []
        var headingLengths: [Int32] = []
        var bodyLengths: [Int32] = []
    }

    /// Joins what the chunks indexed apart into one index: the dictionary, the field weights, and the
    /// postings, laid out by stem.
    private mutating func merge(_ chunks: [ChunkIndexer], articleCount: Int, segmentShift: Int) {
        let merged = mergeTables(chunks, articleCount: articleCount)
        // The sorted words and the typo trie need only the words: they are built on another core
        // while the postings are laid out.
        let finishing = DictionaryFinisher(dictionary)
        defer { dictionary = finishing.wait() }
        setWeights(merged, articleCount: articleCount)
        layOutPostings(chunks, merged: merged, segmentShift: segmentShift)
    }

    /// The chunks' stems, words, documents and field lengths joined under global ids: the first
    /// chunk's ids stay as they are, later chunks' are mapped onto them.
    private mutating func mergeTables(_ chunks: [ChunkIndexer], articleCount: Int) -> MergedTables {
        var merged = MergedTables()
        articleFirstDoc.reserveCapacity(articleCount + 1)
        // Words met by a chunk after the first, by text (the first chunk's are found in its own table).
        var laterWordIDs: [String: Int32] = [:]
        for (chunkIndex, chunk) in chunks.enumerated() {
            var stemMap: [Int32]
            if chunkIndex == 0 {
                // The first chunk's ids become the global ids as they are, dictionaries and all.
                dictionary.stems = chunk.stems
                dictionary.stemIDs = chunk.stemIDs
                merged.stemDF = chunk.stemDF
                merged.postingCounts = [Int32](repeating: 0, count: chunk.stems.count)
                stemMap = Array(0..<Int32(chunk.stems.count))
                dictionary.words = chunk.words
                dictionary.wordStem = chunk.wordStem
                dictionary.wordCount = chunk.wordCount
            } else {
                // Local stems → global stems.
                stemMap = [Int32](repeating: 0, count: chunk.stems.count)
                for (local, stem) in chunk.stems.enumerated() {
                    if let id = dictionary.stemIDs[stem] {
                        stemMap[local] = id
                    } else {
                        let id = Int32(dictionary.stems.count)
                        dictionary.stems.append(stem)
                        dictionary.stemIDs[stem] = id
                        merged.stemDF.append(0)
                        merged.postingCounts.append(0)
                        stemMap[local] = id
                    }
                    merged.stemDF[Int(stemMap[local])] += chunk.stemDF[local]
                }
                for (local, word) in chunk.words.enumerated() {
                    var text = word
                    let known = text.withUTF8 { chunks[0].wordTable.id(of: $0) } ?? laterWordIDs[word]
                    if let id = known {
                        dictionary.wordCount[Int(id)] += chunk.wordCount[local]
                    } else {
                        laterWordIDs[word] = Int32(dictionary.words.count)
                        dictionary.words.append(word)
                        dictionary.wordStem.append(stemMap[Int(chunk.wordStem[local])])
                        dictionary.wordCount.append(chunk.wordCount[local])
                    }
                }
            }
            for (local, count) in chunk.stemPostingCounts.enumerated() { merged.postingCounts[Int(stemMap[local])] += count }
            let articleBase = Int32(merged.titleLengths.count)
            for (offset, first) in chunk.articleFirstDoc.enumerated() where offset < chunk.titleLengths.count {
                articleFirstDoc.append(Int32(docArticle.count) + first)
            }
            for article in chunk.docArticle { docArticle.append(articleBase + article) }
            merged.titleLengths += chunk.titleLengths
            merged.metaLengths += chunk.metaLengths
            merged.headingLengths += chunk.headingLengths
            merged.bodyLengths += chunk.bodyLengths
            merged.stemMaps.append(stemMap)
        }
        articleFirstDoc.append(Int32(docArticle.count))
        return merged
    }

    /// BM25F's length normalisation per field and article, and each stem's rarity.
    private mutating func setWeights(_ merged: MergedTables, articleCount: Int) {
        typealias W = SearchIndex.Weights
        titleFactor = Self.factors(merged.titleLengths, weight: W.title, b: W.titleB)
        metaFactor = Self.factors(merged.metaLengths, weight: W.meta, b: W.metaB)
        headingFactor = Self.factors(merged.headingLengths, weight: W.headings, b: W.headingsB)
        bodyFactor = Self.factors(merged.bodyLengths, weight: W.body, b: W.bodyB)
        let total = Float(articleCount)
        idf = merged.stemDF.map { df in log(1 + (total - Float(df) + 0.5) / (Float(df) + 0.5)) }
        stemArticles = merged.stemDF
    }

    /// The postings: a counting sort by stem. Chunks are in document order, so each list is
    /// ascending; each chunk gets its own run of slots in every stem's list, so the chunks fill in
    /// parallel, every slot written exactly once.
    private mutating func layOutPostings(_ chunks: [ChunkIndexer], merged: MergedTables, segmentShift: Int) {
        let postingOffsets = Self.offsets(merged.postingCounts)
        // Per chunk: where its run starts in each stem's list, and its first section.
        var chunkRuns: [(starts: [Int32], docBase: Int32)] = []
        var next = postingOffsets
        var docBase: Int32 = 0
        for (chunk, stemMap) in zip(chunks, merged.stemMaps) {
            chunkRuns.append((next, docBase))
            for (local, count) in chunk.stemPostingCounts.enumerated() { next[Int(stemMap[local])] += count }
            docBase += Int32(chunk.docArticle.count)
        }
        let runs = chunkRuns
        let postingTotal = Int(postingOffsets.last ?? 0)
        let maps = merged.stemMaps
        let builder = self
        let layout = PostingLayout(
            stemCount: dictionary.stems.count, segmentShift: segmentShift,
            segmentCount: PostingLists.segmentCount(documents: docArticle.count, segmentShift: segmentShift))
        // Per chunk, for each later segment and stem: the first slot it wrote there (see
        // ``PostingLists/boundary(_:stem:)``); the chunks' smallest is the boundary.
        var chunkBoundaries: [[Int32]] = []
        var impacts: [SearchIndex.Impact] = []
        let lowDocs = [UInt16](unsafeUninitializedCapacity: postingTotal) { docBuffer, docCount in
            impacts = [SearchIndex.Impact](unsafeUninitializedCapacity: postingTotal) { impactBuffer, impactCount in
                // Filled in stem order from postings in section order: writes all over both arrays.
                let docSlots = Parallel.Slots(docBuffer)
                let impactSlots = Parallel.Slots(impactBuffer)
                chunkBoundaries = Parallel.map(count: chunks.count) { index in
                    builder.fill(
                        from: chunks[index], stemMap: maps[index], starts: runs[index].starts, docBase: runs[index].docBase, layout: layout,
                        docs: docSlots, impacts: impactSlots)
                }
                impactCount = postingTotal
            }
            docCount = postingTotal
        }
        stemMaxImpact = Self.maxima(of: impacts, offsets: postingOffsets)
        // A stem with no posting in a segment or later starts it where its list ends.
        var boundaries = Self.smallest(chunkBoundaries, count: max(0, layout.segmentCount - 1) * layout.stemCount)
        for segment in 1..<max(1, layout.segmentCount) {
            for stem in 0..<layout.stemCount where boundaries[(segment - 1) * layout.stemCount + stem] == Int32.max {
                boundaries[(segment - 1) * layout.stemCount + stem] = postingOffsets[stem + 1]
            }
        }
        postings = PostingLists(
            offsets: postingOffsets, lowDocs: lowDocs, impacts: impacts, documentCount: docArticle.count, segmentShift: segmentShift,
            boundaries: boundaries)
    }

    /// The sizes the postings are laid out by.
    private struct PostingLayout {
        var stemCount: Int
        var segmentShift: Int
        var segmentCount: Int
        /// The bits of a document id kept in a posting: its place within its segment.
        var lowMask: Int32 { Int32((1 << segmentShift) - 1) }
    }

    /// Writes one chunk's postings into its runs of slots: each posting's document (low bits) and
    /// impact. Returns, for each later segment and stem, the first slot it wrote there (`Int32.max`
    /// where none). A posting's document is known from the chunk's per-document ends, so none is
    /// stored per posting.
    private func fill(
        from chunk: ChunkIndexer, stemMap: [Int32], starts: [Int32], docBase: Int32, layout: PostingLayout,
        docs: Parallel.Slots<UInt16>, impacts: Parallel.Slots<SearchIndex.Impact>
    ) -> [Int32] {
        var boundaries = [Int32](repeating: Int32.max, count: max(0, layout.segmentCount - 1) * layout.stemCount)
        var next = starts
        var lastSegment = [Int32](repeating: 0, count: layout.segmentCount > 1 ? layout.stemCount : 0)
        let lowMask = layout.lowMask
        var posting = 0
        for (localDoc, end) in chunk.docPostingEnds.enumerated() {
            let doc = docBase + Int32(localDoc)
            let segment = doc >> layout.segmentShift
            while posting < Int(end) {
                let global = Int(stemMap[Int(chunk.postingStems[posting])])
                let slot = Int(next[global])
                docs[slot] = UInt16(truncatingIfNeeded: doc & lowMask)
                impacts[slot] = impact(chunk.postingCounts[posting], doc: Int(doc))
                if segment > 0, segment > lastSegment[global] {
                    for later in Int(lastSegment[global] + 1)...Int(segment) {
                        boundaries[(later - 1) * layout.stemCount + global] = Int32(slot)
                    }
                    lastSegment[global] = segment
                }
                next[global] += 1
                posting += 1
            }
        }
        return boundaries
    }

    /// Each entry's smallest value over the chunks' boundary tables.
    private static func smallest(_ tables: [[Int32]], count: Int) -> [Int32] {
        (0..<count).map { index in tables.reduce(Int32.max) { min($0, $1[index]) } }
    }

    /// The highest impact of each stem's postings, on all cores.
    static func maxima(of impacts: [SearchIndex.Impact], offsets: [Int32]) -> [SearchIndex.Impact] {
        Parallel.fill(count: max(0, offsets.count - 1)) { stems, output in
            for stem in stems { output.initialize(stem, to: impacts[Int(offsets[stem])..<Int(offsets[stem + 1])].max() ?? 0) }
        }
    }

    /// Finishes a dictionary (``TermDictionary/finish()``) on a thread of its own.
    private final class DictionaryFinisher: @unchecked Sendable {
        private var dictionary: TermDictionary
        private let done = DispatchGroup()

        init(_ dictionary: TermDictionary) {
            self.dictionary = dictionary
            DispatchQueue.global().async(group: done) { self.dictionary.finish() }
        }

        /// The finished dictionary, once it is.
        func wait() -> TermDictionary {
            done.wait()
            return dictionary
        }
    }

    /// The BM25F impact of a stem in a section: its field counts weighted and length-normalised,
    /// saturated, and quantised.
    @inline(__always)
    private func impact(_ counts: FieldCounts, doc: Int) -> SearchIndex.Impact {
        let article = Int(docArticle[doc])
        let frequency =
            Float(counts.title) * titleFactor[article] + Float(counts.meta) * metaFactor[article]
            + Float(counts.heading) * headingFactor[doc] + Float(counts.body) * bodyFactor[doc]
        return SearchIndex.quantize(SearchIndex.saturate(frequency))
    }

    private static func offsets(_ counts: [Int32]) -> [Int32] {
        var offsets = [Int32](repeating: 0, count: counts.count + 1)
        for (index, count) in counts.enumerated() { offsets[index + 1] = offsets[index] + count }
        return offsets
    }

    /// weight / (1 - b + b * length / average) for each length.
    private static func factors(_ lengths: [Int32], weight: Float, b: Float) -> [Float] {
        guard !lengths.isEmpty else { return [] }
        let average = max(1, Float(lengths.reduce(0) { $0 + Int($1) }) / Float(lengths.count))
        return lengths.map { weight / (1 - b + b * Float($0) / average) }
    }
}
