import Foundation
import KnowledgeBase

/// Builds the arrays of a ``SearchIndex``: articles are tokenised in parallel chunks, each with its
/// own small dictionary, then merged in order into global ids and flat postings.
struct IndexBuilder {
    var docArticle: [Int32] = []
    var docSection: [Int32] = []
    var articleFirstDoc: [Int32] = []
    var titleFactor: [Float] = []
    var metaFactor: [Float] = []
    var headingFactor: [Float] = []
    var bodyFactor: [Float] = []
    var dictionary = TermDictionary()
    var sectionOffsets: [Int32] = []
    var sectionDocs: [Int32] = []
    var sectionFrequencies: [UInt16] = []
    var articleOffsets: [Int32] = []
    var articleDocs: [Int32] = []
    var articleFrequencies: [UInt16] = []
    var idf: [Float] = []

    static func build(articles: [Article]) -> IndexBuilder {
        let chunkSize = max(32, min(1000, articles.count / (4 * max(1, ProcessInfo.processInfo.activeProcessorCount)) + 1))
        let chunkCount = (articles.count + chunkSize - 1) / chunkSize
        let box = ChunkBox(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = (chunk * chunkSize)..<min(articles.count, (chunk + 1) * chunkSize)
            box.set(chunk, ChunkIndexer.index(articles[range]))
        }
        var builder = IndexBuilder()
        builder.merge(box.take(), articleCount: articles.count)
        return builder
    }

    private mutating func merge(_ chunks: [ChunkIndexer], articleCount: Int) {
        var stemDF: [Int32] = []
        var titleLengths: [Int32] = []
        var metaLengths: [Int32] = []
        var headingLengths: [Int32] = []
        var bodyLengths: [Int32] = []
        var stemMaps: [[Int32]] = []
        var sectionCounts: [Int32] = []
        var articleCounts: [Int32] = []
        articleFirstDoc.reserveCapacity(articleCount + 1)
        for chunk in chunks {
            // Local stems → global stems.
            var stemMap = [Int32](repeating: 0, count: chunk.stems.count)
            for (local, stem) in chunk.stems.enumerated() {
                if let id = dictionary.stemIDs[stem] {
                    stemMap[local] = id
                } else {
                    let id = Int32(dictionary.stems.count)
                    dictionary.stems.append(stem)
                    dictionary.stemIDs[stem] = id
                    stemDF.append(0)
                    sectionCounts.append(0)
                    articleCounts.append(0)
                    stemMap[local] = id
                }
                stemDF[Int(stemMap[local])] += chunk.stemDF[local]
            }
            for (local, word) in chunk.words.enumerated() {
                if let id = dictionary.wordIDs[word] {
                    dictionary.wordCount[Int(id)] += chunk.wordCount[local]
                } else {
                    dictionary.wordIDs[word] = Int32(dictionary.words.count)
                    dictionary.words.append(word)
                    dictionary.wordStem.append(stemMap[Int(chunk.wordStem[local])])
                    dictionary.wordCount.append(chunk.wordCount[local])
                }
            }
            for stem in chunk.sectionStems { sectionCounts[Int(stemMap[Int(stem)])] += 1 }
            for stem in chunk.articleStems { articleCounts[Int(stemMap[Int(stem)])] += 1 }
            let articleBase = Int32(titleLengths.count)
            for (offset, first) in chunk.articleFirstDoc.enumerated() where offset < chunk.titleLengths.count {
                articleFirstDoc.append(Int32(docArticle.count) + first)
            }
            for (article, section) in zip(chunk.docArticle, chunk.docSection) {
                docArticle.append(articleBase + article)
                docSection.append(section)
            }
            titleLengths += chunk.titleLengths
            metaLengths += chunk.metaLengths
            headingLengths += chunk.headingLengths
            bodyLengths += chunk.bodyLengths
            stemMaps.append(stemMap)
        }
        articleFirstDoc.append(Int32(docArticle.count))
        dictionary.finish()

        // Postings: counting sort by stem; chunks are in document order, so each list is ascending.
        sectionOffsets = Self.offsets(sectionCounts)
        articleOffsets = Self.offsets(articleCounts)
        sectionDocs = [Int32](repeating: 0, count: Int(sectionOffsets.last ?? 0))
        sectionFrequencies = [UInt16](repeating: 0, count: sectionDocs.count)
        articleDocs = [Int32](repeating: 0, count: Int(articleOffsets.last ?? 0))
        articleFrequencies = [UInt16](repeating: 0, count: articleDocs.count)
        var sectionFill = sectionOffsets
        var articleFill = articleOffsets
        var docBase: Int32 = 0
        var articleBase: Int32 = 0
        for (chunk, stemMap) in zip(chunks, stemMaps) {
            for (index, stem) in chunk.sectionStems.enumerated() {
                let global = Int(stemMap[Int(stem)])
                let slot = Int(sectionFill[global])
                sectionDocs[slot] = docBase + chunk.sectionPostingDocs[index]
                sectionFrequencies[slot] = chunk.sectionPostingFrequencies[index]
                sectionFill[global] += 1
            }
            for (index, stem) in chunk.articleStems.enumerated() {
                let global = Int(stemMap[Int(stem)])
                let slot = Int(articleFill[global])
                articleDocs[slot] = articleBase + chunk.articlePostingDocs[index]
                articleFrequencies[slot] = chunk.articlePostingFrequencies[index]
                articleFill[global] += 1
            }
            docBase += Int32(chunk.docArticle.count)
            articleBase += Int32(chunk.titleLengths.count)
        }

        typealias W = SearchIndex.Weights
        titleFactor = Self.factors(titleLengths, weight: W.title, b: W.titleB)
        metaFactor = Self.factors(metaLengths, weight: W.meta, b: W.metaB)
        headingFactor = Self.factors(headingLengths, weight: W.headings, b: W.headingsB)
        bodyFactor = Self.factors(bodyLengths, weight: W.body, b: W.bodyB)
        let total = Float(articleCount)
        idf = stemDF.map { df in log(1 + (total - Float(df) + 0.5) / (Float(df) + 0.5)) }
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
    var wordIDs: [String: Int32] = [:]
    var wordStem: [Int32] = []
    var wordCount: [UInt32] = []
    var wordIsStop: [Bool] = []
    var stems: [String] = []
    var stemIDs: [String: Int32] = [:]
    var stemDF: [Int32] = []
    /// Per document (section), local to the chunk.
    var docArticle: [Int32] = []
    var docSection: [Int32] = []
    var headingLengths: [Int32] = []
    var bodyLengths: [Int32] = []
    /// Per article, local to the chunk.
    var articleFirstDoc: [Int32] = []
    var titleLengths: [Int32] = []
    var metaLengths: [Int32] = []
    /// Postings as parallel arrays (stem, doc, frequencies), in document order.
    var sectionStems: [Int32] = []
    var sectionPostingDocs: [Int32] = []
    var sectionPostingFrequencies: [UInt16] = []
    var articleStems: [Int32] = []
    var articlePostingDocs: [Int32] = []
    var articlePostingFrequencies: [UInt16] = []

    /// Per-stem counters for the fields of the current article or section, with the stems touched.
    private var countA: [UInt16] = []
    private var countB: [UInt16] = []
    private var touched: [Int32] = []
    private var lastArticle: [Int32] = []

    /// Headings of sections that only list links to other articles.
    static let linkListHeadings: Set<String> = ["related", "related articles", "see also", "links", "further reading"]

    static func index(_ articles: ArraySlice<Article>) -> ChunkIndexer {
        var indexer = ChunkIndexer()
        StemmerPool.shared.withStemmer { stemmer in
            for (offset, article) in articles.enumerated() {
                indexer.add(article, localIndex: Int32(offset), stemmer: stemmer)
            }
        }
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
        flush(doc: localIndex, isArticle: true)

        let folded = Tokenizer.fold(Substring(article.title))
        for (sectionIndex, section) in article.sections.enumerated() {
            let doc = Int32(docArticle.count)
            docArticle.append(localIndex)
            docSection.append(Int32(sectionIndex))
            let headings = section.headingPath.filter { Tokenizer.fold(Substring($0)) != folded }.joined(separator: " . ")
            let headingLength = count(headings, into: 0, article: localIndex, keepStopWords: true, stemmer: stemmer)
            let bodyLength = count(section.text, into: 1, article: localIndex, keepStopWords: false, stemmer: stemmer)
            headingLengths.append(Int32(headingLength))
            // A closing list of links says little about the article: count it as a longer text.
            let isLinkList = section.heading.map { Self.linkListHeadings.contains(Tokenizer.fold(Substring($0))) } ?? false
            bodyLengths.append(Int32(isLinkList ? bodyLength * 4 : bodyLength))
            flush(doc: doc, isArticle: false)
        }
    }

    /// Counts the stems of `text` into counter A (0) or B (1); returns the field length in words.
    private mutating func count(_ text: String, into field: Int, article: Int32, keepStopWords: Bool, stemmer: SnowballStemmer) -> Int {
        var length = 0
        Tokenizer.scan(text) { token in
            if !token.isVariant { length += 1 }
            let word = wordID(of: token.text, stemmer: stemmer)
            if !keepStopWords, wordIsStop[Int(word)] { return }
            let stem = wordStem[Int(word)]
            if countA[Int(stem)] == 0 && countB[Int(stem)] == 0 { touched.append(stem) }
            if field == 0 { countA[Int(stem)] &+= 1 } else { countB[Int(stem)] &+= 1 }
            if lastArticle[Int(stem)] != article {
                lastArticle[Int(stem)] = article
                stemDF[Int(stem)] += 1
            }
        }
        return length
    }

    /// Emits one posting per touched stem for `doc` and clears the counters.
    private mutating func flush(doc: Int32, isArticle: Bool) {
        // Article fields: title (6 bits) and tags/summary (10 bits); sections: headings (4) and body (12).
        let (maxA, shiftA, maxB): (UInt16, UInt16, UInt16) = isArticle ? (63, 10, 1023) : (15, 12, 4095)
        for stem in touched {
            let a = min(countA[Int(stem)], maxA)
            let b = min(countB[Int(stem)], maxB)
            if isArticle {
                articleStems.append(stem)
                articlePostingDocs.append(doc)
                articlePostingFrequencies.append(a << shiftA | b)
            } else {
                sectionStems.append(stem)
                sectionPostingDocs.append(doc)
                sectionPostingFrequencies.append(a << shiftA | b)
            }
            countA[Int(stem)] = 0
            countB[Int(stem)] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// The chunk-local id of `word`, added (and stemmed) on first sight; counts the occurrence.
    private mutating func wordID(of word: String, stemmer: SnowballStemmer) -> Int32 {
        if let id = wordIDs[word] {
            wordCount[Int(id)] += 1
            return id
        }
        let stem = TextAnalyzer.stem(word, with: stemmer)
        let stemID: Int32
        if let id = stemIDs[stem] {
            stemID = id
        } else {
            stemID = Int32(stems.count)
            stems.append(stem)
            stemIDs[stem] = stemID
            stemDF.append(0)
            countA.append(0)
            countB.append(0)
            lastArticle.append(-1)
        }
        let id = Int32(words.count)
        wordIDs[word] = id
        words.append(word)
        wordStem.append(stemID)
        wordCount.append(1)
        wordIsStop.append(StopWords.contains(word))
        return id
    }
}
