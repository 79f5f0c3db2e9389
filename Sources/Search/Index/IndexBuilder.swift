import CIntrinsics
import Foundation
import KnowledgeBase

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

    static func build(articles: [Article], segmentShift: Int = 16) -> IndexBuilder {
        let ranges = chunkRanges(articles)
        let box = ChunkBox(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { chunk in
            box.set(chunk, ChunkIndexer.index(articles[ranges[chunk]]))
        }
        var builder = IndexBuilder()
        builder.merge(box.take(), articleCount: articles.count, segmentShift: segmentShift)
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

    private mutating func merge(_ chunks: [ChunkIndexer], articleCount: Int, segmentShift: Int) {
        var stemDF: [Int32] = []
        var titleLengths: [Int32] = []
        var metaLengths: [Int32] = []
        var headingLengths: [Int32] = []
        var bodyLengths: [Int32] = []
        var stemMaps: [[Int32]] = []
        var postingCounts: [Int32] = []
        articleFirstDoc.reserveCapacity(articleCount + 1)
        // Words met by a chunk after the first, by text (the first chunk's are found in its own table).
        var laterWordIDs: [String: Int32] = [:]
        for (chunkIndex, chunk) in chunks.enumerated() {
            var stemMap: [Int32]
            if chunkIndex == 0 {
                // The first chunk's ids become the global ids as they are, dictionaries and all.
                dictionary.stems = chunk.stems
                dictionary.stemIDs = chunk.stemIDs
                stemDF = chunk.stemDF
                postingCounts = [Int32](repeating: 0, count: chunk.stems.count)
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
                        stemDF.append(0)
                        postingCounts.append(0)
                        stemMap[local] = id
                    }
                    stemDF[Int(stemMap[local])] += chunk.stemDF[local]
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
            for (local, count) in chunk.stemPostingCounts.enumerated() { postingCounts[Int(stemMap[local])] += count }
            let articleBase = Int32(titleLengths.count)
            for (offset, first) in chunk.articleFirstDoc.enumerated() where offset < chunk.titleLengths.count {
                articleFirstDoc.append(Int32(docArticle.count) + first)
            }
            for article in chunk.docArticle { docArticle.append(articleBase + article) }
            titleLengths += chunk.titleLengths
            metaLengths += chunk.metaLengths
            headingLengths += chunk.headingLengths
            bodyLengths += chunk.bodyLengths
            stemMaps.append(stemMap)
        }
        articleFirstDoc.append(Int32(docArticle.count))
        // The sorted words and the typo trie need only the words: they are built on another core
        // while the postings are laid out.
        let finishing = DictionaryFinisher(dictionary)
        defer { dictionary = finishing.wait() }

        typealias W = SearchIndex.Weights
        titleFactor = Self.factors(titleLengths, weight: W.title, b: W.titleB)
        metaFactor = Self.factors(metaLengths, weight: W.meta, b: W.metaB)
        headingFactor = Self.factors(headingLengths, weight: W.headings, b: W.headingsB)
        bodyFactor = Self.factors(bodyLengths, weight: W.body, b: W.bodyB)
        let total = Float(articleCount)
        idf = stemDF.map { df in log(1 + (total - Float(df) + 0.5) / (Float(df) + 0.5)) }
        stemArticles = stemDF

        // Postings: counting sort by stem; chunks are in document order, so each list is ascending.
        // Each chunk gets its own run of slots in every stem's list, so the chunks fill in parallel.
        let postingOffsets = Self.offsets(postingCounts)
        // Per chunk: where its run starts in each stem's list, and its first section.
        var chunkRuns: [(starts: [Int32], docBase: Int32)] = []
        var next = postingOffsets
        var docBase: Int32 = 0
        for (chunk, stemMap) in zip(chunks, stemMaps) {
            chunkRuns.append((next, docBase))
            for (local, count) in chunk.stemPostingCounts.enumerated() { next[Int(stemMap[local])] += count }
            docBase += Int32(chunk.docArticle.count)
        }
        let runs = chunkRuns
        let postingTotal = Int(postingOffsets.last ?? 0)
        let maps = stemMaps
        let builder = self
        let stemCount = dictionary.stems.count
        let segmentCount = PostingLists.segmentCount(documents: docArticle.count, segmentShift: segmentShift)
        let lowMask = Int32((1 << segmentShift) - 1)
        // Per chunk, for each later segment and stem: the first slot it wrote there (see
        // ``PostingLists/boundary(_:stem:)``); the chunks' smallest is the boundary.
        let chunkBoundaries = BoundaryTables(chunks: chunks.count, count: (segmentCount - 1) * stemCount)
        // Every slot is written exactly once, so the arrays are filled in place; a posting's section
        // is known from the chunk's per-section ends, so no section number is kept per posting.
        func fill(_ docs: UnsafeMutableBufferPointer<UInt16>, _ impacts: UnsafeMutableBufferPointer<SearchIndex.Impact>) {
            let docSlots = SharedBuffer(buffer: docs)
            let impactSlots = SharedBuffer(buffer: impacts)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
                let chunk = chunks[index]
                let stemMap = maps[index]
                var next = runs[index].starts
                let base = runs[index].docBase
                var lastSegment = [Int32](repeating: 0, count: segmentCount > 1 ? stemCount : 0)
                let boundaries = chunkBoundaries.table(index)
                var posting = 0
                for (localDoc, end) in chunk.docPostingEnds.enumerated() {
                    let doc = base + Int32(localDoc)
                    let segment = doc >> segmentShift
                    while posting < Int(end) {
                        let global = Int(stemMap[Int(chunk.postingStems[posting])])
                        let slot = Int(next[global])
                        docSlots.buffer[slot] = UInt16(truncatingIfNeeded: doc & lowMask)
                        impactSlots.buffer[slot] = builder.impact(chunk.postingCounts[posting], doc: Int(doc))
                        if segment > 0, segment > lastSegment[global] {
                            for later in Int(lastSegment[global] + 1)...Int(segment) {
                                boundaries[(later - 1) * stemCount + global] = Int32(slot)
                            }
                            lastSegment[global] = segment
                        }
                        next[global] += 1
                        posting += 1
                    }
                }
            }
        }
        var impacts: [SearchIndex.Impact] = []
        let lowDocs = [UInt16](unsafeUninitializedCapacity: postingTotal) { docBuffer, docCount in
            impacts = [SearchIndex.Impact](unsafeUninitializedCapacity: postingTotal) { impactBuffer, impactCount in
                // Filled in stem order from postings in section order: writes all over both arrays.
                docBuffer.adviseLargePages()
                impactBuffer.adviseLargePages()
                fill(docBuffer, impactBuffer)
                impactCount = postingTotal
            }
            docCount = postingTotal
        }
        stemMaxImpact = Self.maxima(of: impacts, offsets: postingOffsets)
        // A stem with no posting in a segment or later starts it where its list ends.
        var boundaries = chunkBoundaries.smallest()
        for segment in 1..<max(1, segmentCount) {
            for stem in 0..<stemCount where boundaries[(segment - 1) * stemCount + stem] == Int32.max {
                boundaries[(segment - 1) * stemCount + stem] = postingOffsets[stem + 1]
            }
        }
        postings = PostingLists(
            offsets: postingOffsets, lowDocs: lowDocs, impacts: impacts, documentCount: docArticle.count, segmentShift: segmentShift,
            boundaries: boundaries)
    }

    /// One table of posting-segment boundaries per chunk, which that chunk's worker fills alone.
    private final class BoundaryTables: @unchecked Sendable {
        private var tables: [UnsafeMutablePointer<Int32>]
        private let count: Int

        init(chunks: Int, count: Int) {
            self.count = count
            tables = (0..<chunks).map { _ in
                let table = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, count))
                table.initialize(repeating: Int32.max, count: max(1, count))
                return table
            }
        }

        deinit { for table in tables { table.deallocate() } }

        func table(_ chunk: Int) -> UnsafeMutablePointer<Int32> { tables[chunk] }

        /// Each entry's smallest value over the chunks.
        func smallest() -> [Int32] {
            [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count { buffer[index] = tables.reduce(Int32.max) { min($0, $1[index]) } }
                initialized = count
            }
        }
    }

    /// The highest impact of each stem's postings, on all cores.
    static func maxima(of impacts: [SearchIndex.Impact], offsets: [Int32]) -> [SearchIndex.Impact] {
        let stemCount = max(0, offsets.count - 1)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let step = (stemCount + cores - 1) / cores
        return [SearchIndex.Impact](unsafeUninitializedCapacity: stemCount) { buffer, count in
            let output = SharedBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: cores) { part in
                for stem in (part * step)..<min(stemCount, (part + 1) * step) {
                    output.buffer[stem] = impacts[Int(offsets[stem])..<Int(offsets[stem + 1])].max() ?? 0
                }
            }
            count = stemCount
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

    /// A buffer that several cores fill at once, each writing only its own slots.
    private struct SharedBuffer<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
    }

    /// The BM25F impact of a stem in a section: its field counts (title 6 bits, tags/summary 10,
    /// headings 4, body 12) weighted and length-normalised, saturated, and quantised.
    @inline(__always)
    private func impact(_ counts: UInt32, doc: Int) -> SearchIndex.Impact {
        let article = Int(docArticle[doc])
        let frequency =
            Float(counts >> 26) * titleFactor[article] + Float((counts >> 16) & 0x3FF) * metaFactor[article]
            + Float((counts >> 12) & 0xF) * headingFactor[doc] + Float(counts & 0xFFF) * bodyFactor[doc]
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

    /// Slots each chunk worker writes its own result into.
    private final class ChunkBox: @unchecked Sendable {
        private var results: [ChunkIndexer?]
        private let lock = NSLock()
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: ChunkIndexer) {
            lock.lock()
            results[index] = result
            lock.unlock()
        }
        func take() -> [ChunkIndexer] { results.map { $0! } }
    }
}

/// Indexes a run of articles with chunk-local word and stem ids.
struct ChunkIndexer {
    var words: [String] = []
    var wordTable = WordTable()
    var wordStem: [Int32] = []
    /// How often each word occurred (filled when the chunk is done).
    var wordCount: [UInt32] = []
    var stems: [String] = []
    var stemIDs: [String: Int32] = [:]
    /// In how many articles each stem occurs (filled when the chunk is done).
    var stemDF: [Int32] = []
    /// Per document (section), local to the chunk.
    var docArticle: [Int32] = []
    var headingLengths: [Int32] = []
    var bodyLengths: [Int32] = []
    /// Per article, local to the chunk.
    var articleFirstDoc: [Int32] = []
    var titleLengths: [Int32] = []
    var metaLengths: [Int32] = []
    /// Postings as parallel arrays (stem, section, packed field counts), in section order.
    var postingStems: [Int32] = []
    /// How many postings each stem has (filled when the chunk is done), so that the merge sums
    /// per stem rather than per posting.
    var stemPostingCounts: [Int32] = []
    /// For each section, the end of its postings in the arrays above (they start where the
    /// previous section's end).
    var docPostingEnds: [Int32] = []
    var postingCounts: [UInt32] = []

    /// What the indexer tracks per stem, together so that a word's stem costs one cache miss.
    private struct StemState {
        /// Counters for the two fields being counted (title and tags/summary, or headings and body).
        var countA: UInt16 = 0
        var countB: UInt16 = 0
        /// The last article the stem was seen in, and in how many articles it occurs.
        var lastArticle: Int32 = -1
        var articles: Int32 = 0
        /// The current article's title and tags/summary counts (title << 10 | meta).
        var articleCounts: UInt32 = 0
        /// Whether the stem occurs in the current section's own fields (set while flushing it).
        var sectionMark = false
    }

    private var stemState: [StemState] = []
    /// The stems counted since the last flush, and those of the current article's title and tags.
    private var touched: [Int32] = []
    private var articleStems: [Int32] = []
    /// The words found and not yet counted, and their bytes (see ``count(utf8:into:article:keepStopWords:stemmer:)``).
    private var batch: [BatchedWord] = []
    private var batchBytes: [UInt8] = []

    /// Headings of sections that only list links to other articles.
    static let linkListHeadings: Set<String> = ["related", "related articles", "see also", "links", "further reading"]
    static let longestLinkListHeading = linkListHeadings.map(\.utf8.count).max() ?? 0

    static func index(_ articles: ArraySlice<Article>) -> ChunkIndexer {
        var indexer = ChunkIndexer()
        // Room for every posting at once: grown by doubling, the two arrays were copied several times
        // over and faulted in twice their size. A section has about one posting per nine bytes of
        // synthetic text, seven of real articles; a fifth is to spare, and the room not written to
        // costs no memory.
        let textBytes = articles.reduce(0) { $0 + IndexBuilder.indexedSize(of: $1) }
        indexer.postingStems.reserveLargeCapacity(textBytes / 5)
        indexer.postingCounts.reserveLargeCapacity(textBytes / 5)
        StemmerPool.shared.withStemmer { stemmer in
            for (offset, article) in articles.enumerated() {
                indexer.add(article, localIndex: Int32(offset), stemmer: stemmer)
            }
        }
        indexer.wordCount = indexer.wordTable.occurrenceCounts()
        indexer.stemDF = indexer.stemState.map(\.articles)
        indexer.stemPostingCounts = [Int32](repeating: 0, count: indexer.stems.count)
        for stem in indexer.postingStems { indexer.stemPostingCounts[Int(stem)] += 1 }
        return indexer
    }

    private mutating func add(_ article: Article, localIndex: Int32, stemmer: SnowballStemmer) {
        articleFirstDoc.append(Int32(docArticle.count))
        // Title and tags/summary/products, once per article.
        let titleLength = count(article.title, into: 0, article: localIndex, keepStopWords: true, stemmer: stemmer)
        let meta = (article.tags + article.products + [article.summary ?? ""]).joined(separator: " . ")
        let metaLength = count(meta, into: 1, article: localIndex, keepStopWords: false, stemmer: stemmer)
        titleLengths.append(Int32(titleLength))
        metaLengths.append(Int32(metaLength))
        for stem in touched {
            let state = stemState[Int(stem)]
            stemState[Int(stem)].articleCounts = UInt32(min(state.countA, 63)) << 10 | UInt32(min(state.countB, 1023))
            stemState[Int(stem)].countA = 0
            stemState[Int(stem)].countB = 0
            articleStems.append(stem)
        }
        touched.removeAll(keepingCapacity: true)

        let folded = Tokenizer.fold(Substring(article.title))
        article.forEachSectionTextUTF8 { sectionIndex, text in
            let section = article.sections[sectionIndex]
            docArticle.append(localIndex)
            // The title heads most heading paths; it is indexed once, as the title.
            let headings = section.headingPath.filter { $0 != article.title && Tokenizer.fold(Substring($0)) != folded }.joined(
                separator: " . ")
            let headingLength = count(headings, into: 0, article: localIndex, keepStopWords: true, stemmer: stemmer)
            let bodyLength = count(utf8: text, into: 1, article: localIndex, keepStopWords: false, stemmer: stemmer)
            headingLengths.append(Int32(headingLength))
            // A closing list of links says little about the article: count it as a longer text.
            let isLinkList =
                section.heading.map {
                    $0.utf8.count <= Self.longestLinkListHeading && Self.linkListHeadings.contains(Tokenizer.fold(Substring($0)))
                } ?? false
            bodyLengths.append(Int32(isLinkList ? bodyLength * 4 : bodyLength))
            flushSection()
        }
        for stem in articleStems { stemState[Int(stem)].articleCounts = 0 }
        articleStems.removeAll(keepingCapacity: true)
    }

    /// Counts the stems of `text` into counter A (0) or B (1); returns the field length in words.
    private mutating func count(_ text: String, into field: Int, article: Int32, keepStopWords: Bool, stemmer: SnowballStemmer) -> Int {
        var text = text
        return text.withUTF8 { count(utf8: $0, into: field, article: article, keepStopWords: keepStopWords, stemmer: stemmer) }
    }

    /// ``count(_:into:article:keepStopWords:stemmer:)`` over text given as UTF-8 bytes.
    ///
    /// The word table is too large for the cache, so a lookup is mostly a wait for memory. Words are
    /// therefore looked up in batches: each is hashed and its slot asked for as the scan finds it,
    /// and the batch is counted once the scan has found ``lookupBatch`` words, by when most slots
    /// have arrived.
    private mutating func count(
        utf8 text: UnsafeBufferPointer<UInt8>, into field: Int, article: Int32, keepStopWords: Bool, stemmer: SnowballStemmer
    ) -> Int {
        var length = 0
        Tokenizer.scanFolded(utf8: text) { bytes, _, _, _, isVariant in
            if !isVariant { length += 1 }
            let hash = WordTable.hash(bytes)
            wordTable.prefetchSlot(hash: hash)
            batch.append(BatchedWord(start: Int32(batchBytes.count), length: Int32(bytes.count), hash: hash))
            batchBytes.append(contentsOf: bytes)
            if batch.count == Self.lookupBatch { countBatch(into: field, article: article, keepStopWords: keepStopWords, stemmer: stemmer) }
        }
        countBatch(into: field, article: article, keepStopWords: keepStopWords, stemmer: stemmer)
        return length
    }

    /// How many words are hashed and asked for before the first of them is looked up.
    private static let lookupBatch = 32

    /// A word found by the scan and not yet counted: where its bytes are in ``batchBytes``, and
    /// its hash.
    private struct BatchedWord {
        var start: Int32
        var length: Int32
        var hash: UInt64
        /// The word's stem once looked up, or -1 for a stop word left out.
        var stem: Int32 = -1
    }

    /// Counts the batched words' stems into counter A (0) or B (1), in the order they were found,
    /// and empties the batch. The stems' counters are as scattered as the words' slots, so all the
    /// batch's stems are looked up (and their counters asked for) before any is counted.
    private mutating func countBatch(into field: Int, article: Int32, keepStopWords: Bool, stemmer: SnowballStemmer) {
        guard !batch.isEmpty else { return }
        // Taken out of `self` while counting (which changes `self`), and put back to keep their storage.
        var words: [BatchedWord] = []
        var bytes: [UInt8] = []
        swap(&words, &batch)
        swap(&bytes, &batchBytes)
        defer {
            words.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            swap(&words, &batch)
            swap(&bytes, &batchBytes)
        }
        // First every word's stem, asking for its counters; then the counting.
        bytes.withUnsafeBufferPointer { bytes in
            for index in words.indices {
                let batched = words[index]
                let word = entry(
                    of: UnsafeBufferPointer(rebasing: bytes[Int(batched.start)..<Int(batched.start + batched.length)]), hash: batched.hash,
                    stemmer: stemmer)
                words[index].stem = !keepStopWords && word.isStopWord ? -1 : word.stem
                if words[index].stem >= 0 { stemState.withUnsafeBufferPointer { frontline_prefetch($0.baseAddress! + Int(word.stem)) } }
            }
        }
        for batched in words where batched.stem >= 0 {
            let stem = Int(batched.stem)
            var state = stemState[stem]
            if state.countA == 0 && state.countB == 0 { touched.append(batched.stem) }
            if field == 0 { state.countA &+= 1 } else { state.countB &+= 1 }
            if state.lastArticle != article {
                state.lastArticle = article
                state.articles += 1
            }
            stemState[stem] = state
        }
    }

    /// Emits one posting per stem of the section just counted or of its article's title and
    /// tags/summary, records where the section's postings end, and clears the section counters.
    private mutating func flushSection() {
        for stem in touched {
            let state = stemState[Int(stem)]
            let section = UInt32(min(state.countA, 15)) << 12 | UInt32(min(state.countB, 4095))
            postingStems.append(stem)
            postingCounts.append(state.articleCounts << 16 | section)
            stemState[Int(stem)].countA = 0
            stemState[Int(stem)].countB = 0
            stemState[Int(stem)].sectionMark = true
        }
        for stem in articleStems where !stemState[Int(stem)].sectionMark {
            postingStems.append(stem)
            postingCounts.append(stemState[Int(stem)].articleCounts << 16)
        }
        docPostingEnds.append(Int32(postingStems.count))
        for stem in touched { stemState[Int(stem)].sectionMark = false }
        touched.removeAll(keepingCapacity: true)
    }

    /// The entry of the folded word `bytes`, which is added (and stemmed) on first sight; counts the
    /// occurrence.
    private mutating func entry(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, stemmer: SnowballStemmer) -> WordTable.Entry {
        if let entry = wordTable.occurrence(of: bytes, hash: hash) { return entry }
        let word = String(decoding: bytes, as: UTF8.self)
        let stem = TextAnalyzer.stem(word, with: stemmer)
        let stemID: Int32
        if let id = stemIDs[stem] {
            stemID = id
        } else {
            stemID = Int32(stems.count)
            stems.append(stem)
            stemIDs[stem] = stemID
            stemState.append(StemState())
        }
        let isStopWord = StopWords.contains(word)
        wordTable.insert(bytes, hash: hash, stem: stemID, isStopWord: isStopWord)
        words.append(word)
        wordStem.append(stemID)
        return WordTable.Entry(stem: stemID, isStopWord: isStopWord)
    }
}

extension Array {
    /// Reserves room for at least `count` elements, asking for it in large pages (see
    /// ``Swift/UnsafeMutableBufferPointer/adviseLargePages()``).
    mutating func reserveLargeCapacity(_ count: Int) {
        reserveCapacity(count)
        let capacity = self.capacity
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            UnsafeMutableBufferPointer(start: base, count: capacity).adviseLargePages()
        }
    }
}

extension UnsafeMutableBufferPointer {
    /// Asks the kernel to back the buffer's memory with 2 MB pages where it can, before it is first
    /// written: the index's largest arrays would otherwise fault 4 KB at a time (each fault costs
    /// microseconds in a virtual machine) and fill the processor's address cache with their pages.
    /// A hint only: the memory and its contents are the same either way.
    func adviseLargePages() {
        guard let base = baseAddress, count * MemoryLayout<Element>.stride >= 4 << 20 else { return }
        frontline_advise_large_pages(UnsafeMutableRawPointer(base), count * MemoryLayout<Element>.stride)
    }
}
