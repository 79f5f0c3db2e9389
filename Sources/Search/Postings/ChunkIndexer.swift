import CIntrinsics
import Foundation
import KnowledgeBase

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
    var postingCounts: [FieldCounts] = []

    /// What the indexer tracks per stem, together so that a word's stem costs one cache miss.
    private struct StemState {
        /// Counters for the two fields being counted (title and tags/summary, or headings and body).
        var countA: UInt16 = 0
        var countB: UInt16 = 0
        /// The last article the stem was seen in, and in how many articles it occurs.
        var lastArticle: Int32 = -1
        var articles: Int32 = 0
        /// The current article's title and tags/summary counts.
        var articleCounts = FieldCounts.ArticleHalf()
        /// Whether the stem occurs in the current section's own fields (set while flushing it).
        var sectionMark = false
        /// Whether a phrase of ``phraseTerms`` ends in this stem.
        var endsPhrase = false
    }

    /// The synonym phrases recorded where their words stand together.
    private var phraseTerms = PhraseTerms.none
    /// Each phrase's chunk-local stem id, once the chunk has met it (-1 before).
    private var phraseStems: [Int32] = []
    /// The current field's last content stems (fewer than the longest phrase), for finding phrases.
    private var recentStems: [Int32] = []
    /// The common words since the last content word.
    private var commonWordRun = 0

    private var stemState: [StemState] = []
    /// The stems counted since the last flush, and those of the current article's title and tags.
    private var touched: [Int32] = []
    private var articleStems: [Int32] = []
    /// The words found and not yet counted, and their bytes (see ``count(utf8:into:article:keepStopWords:stemmer:)``).
    private var batch: [BatchedWord] = []
    private var batchBytes: [UInt8] = []

    static func index(_ articles: ArraySlice<Article>, phrases: PhraseTerms = .none) -> ChunkIndexer {
        var indexer = ChunkIndexer()
        indexer.phraseTerms = phrases
        indexer.phraseStems = [Int32](repeating: -1, count: phrases.phrases.count)
        // Room for every posting at once: grown by doubling, the two arrays were copied several times
        // over and faulted in twice their size. A section has about one posting per nine bytes of
        // synthetic text, seven of real articles; a fifth is to spare, and the room not written to
        // costs no memory.
        let textBytes = articles.reduce(0) { $0 + IndexBuilder.indexedSize(of: $1) }
        indexer.postingStems.reserveCapacity(textBytes / 5)
        indexer.postingCounts.reserveCapacity(textBytes / 5)
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
            stemState[Int(stem)].articleCounts = FieldCounts.ArticleHalf(title: Int(state.countA), meta: Int(state.countB))
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
            bodyLengths.append(Int32(bodyLength))
            // A closing list of links answers nothing: it is never a hit (`related` shows it).
            flushSection(emitsPostings: !section.isLinkList)
        }
        for stem in articleStems { stemState[Int(stem)].articleCounts = FieldCounts.ArticleHalf() }
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
        recentStems.removeAll(keepingCapacity: true)
        commonWordRun = 0
        Tokenizer.scanFolded(utf8: text) { bytes, _, _, _, isVariant in
            if !isVariant { length += 1 }
            let hash = WordTable.hash(bytes)
            wordTable.prefetchSlot(hash: hash)
            batch.append(BatchedWord(start: Int32(batchBytes.count), length: Int32(bytes.count), hash: hash, isVariant: isVariant))
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
        /// Whether the word is another form of the word before it ("coolingoff" of "cooling-off"),
        /// which phrases look past.
        var isVariant: Bool
        /// The word's stem once looked up, or -1 for a stop word left out.
        var stem: Int32 = -1
        /// Whether the word is a stop word (counted in titles and headings, left out of text).
        var isStopWord = false
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
                words[index].isStopWord = word.isStopWord
                if words[index].stem >= 0 { stemState.withUnsafeBufferPointer { frontline_prefetch($0.baseAddress! + Int(word.stem)) } }
            }
        }
        let findsPhrases = phraseTerms.longest > 1
        for batched in words {
            if batched.stem >= 0 { countStem(batched.stem, into: field, article: article) }
            guard findsPhrases, !batched.isVariant else { continue }
            if batched.isStopWord {
                commonWordRun += 1
                if commonWordRun > PhraseTerms.maximumGap { recentStems.removeAll(keepingCapacity: true) }
                continue
            }
            if stemState[Int(batched.stem)].endsPhrase, !recentStems.isEmpty {
                countPhrases(endingIn: batched.stem, into: field, article: article)
            }
            if recentStems.count == phraseTerms.longest - 1 { recentStems.removeFirst() }
            recentStems.append(batched.stem)
            commonWordRun = 0
        }
    }

    /// Counts one occurrence of `stem` into counter A (0) or B (1).
    @inline(__always) private mutating func countStem(_ stem: Int32, into field: Int, article: Int32) {
        var state = stemState[Int(stem)]
        if state.countA == 0 && state.countB == 0 { touched.append(stem) }
        if field == 0 { state.countA &+= 1 } else { state.countB &+= 1 }
        if state.lastArticle != article {
            state.lastArticle = article
            state.articles += 1
        }
        stemState[Int(stem)] = state
    }

    /// Counts the phrases that `stem` ends, when the content words before it are the phrase's.
    private mutating func countPhrases(endingIn stem: Int32, into field: Int, article: Int32) {
        for index in phraseTerms.endingIn[stems[Int(stem)]] ?? [] {
            let phrase = phraseTerms.phrases[index]
            let before = phrase.count - 1
            guard recentStems.count >= before else { continue }
            let start = recentStems.count - before
            guard (0..<before).allSatisfy({ stems[Int(recentStems[start + $0])] == phrase[$0] }) else { continue }
            if phraseStems[index] < 0 { phraseStems[index] = newStem(PhraseTerms.term(phrase)) }
            countStem(phraseStems[index], into: field, article: article)
        }
    }

    /// The chunk-local id of `stem`, added if new.
    private mutating func newStem(_ stem: String) -> Int32 {
        if let id = stemIDs[stem] { return id }
        let id = Int32(stems.count)
        stems.append(stem)
        stemIDs[stem] = id
        var state = StemState()
        state.endsPhrase = phraseTerms.endingIn[stem] != nil
        stemState.append(state)
        return id
    }

    /// Emits one posting per stem of the section just counted or of its article's title and
    /// tags/summary (none when `emitsPostings` is false), records where the section's postings end,
    /// and clears the section counters.
    private mutating func flushSection(emitsPostings: Bool = true) {
        for stem in touched where emitsPostings {
            let state = stemState[Int(stem)]
            postingStems.append(stem)
            postingCounts.append(FieldCounts(article: state.articleCounts, heading: Int(state.countA), body: Int(state.countB)))
            stemState[Int(stem)].sectionMark = true
        }
        for stem in articleStems where emitsPostings && !stemState[Int(stem)].sectionMark {
            postingStems.append(stem)
            postingCounts.append(FieldCounts(article: stemState[Int(stem)].articleCounts))
        }
        docPostingEnds.append(Int32(postingStems.count))
        for stem in touched {
            stemState[Int(stem)].countA = 0
            stemState[Int(stem)].countB = 0
            stemState[Int(stem)].sectionMark = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// The entry of the folded word `bytes`, which is added (and stemmed) on first sight; counts the
    /// occurrence.
    private mutating func entry(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, stemmer: SnowballStemmer) -> WordTable.Entry {
        if let entry = wordTable.occurrence(of: bytes, hash: hash) { return entry }
        let word = String(decoding: bytes, as: UTF8.self)
        let stemID = newStem(TextAnalyzer.stem(word, with: stemmer))
        let isStopWord = StopWords.contains(word)
        wordTable.insert(bytes, hash: hash, stem: stemID, isStopWord: isStopWord)
        words.append(word)
        wordStem.append(stemID)
        return WordTable.Entry(stem: stemID, isStopWord: isStopWord)
    }
}
