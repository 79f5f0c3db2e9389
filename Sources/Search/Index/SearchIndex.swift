import Foundation
import KnowledgeBase
import Support

/// An in-memory full-text index over every section of every knowledge article, ranked with BM25F.
///
/// The index is immutable once built and safe to query from several threads at once.
///
/// Layout, chosen for memory and speed at 100,000 articles: words and stems get integer ids; the
/// postings of all stems live in flat arrays (compressed-sparse-row: an offsets array per stem into
/// one array of section ids and one of impacts). An impact is the stem's BM25F term weight in that
/// section, computed at build time from all four fields (the article's title and tags/summary count
/// in each of its sections), saturated and quantised to 8 bits, so that a query only multiplies it
/// by the stem's rarity. Typo tolerance runs a Levenshtein automaton over a byte trie of the word
/// dictionary; prefixes use the byte-sorted dictionary.
public final class SearchIndex: Sendable {
    /// Field weights and length normalisation of BM25F, tuned on the judged queries of the shipped
    /// content: a title match must beat several passing mentions in a body, so the title weighs
    /// 10 against the body's 1 (with k1 = 1.2, 5 was not enough); headings 2.5; tags, products and
    /// summary 1.8. Synonyms count 0.75 of a literal match, prefixes 0.75, typos 0.8 (scaled by
    /// how frequent the corrected word is).
    struct Weights {
        static let title: Float = 10.0
        static let headings: Float = 2.5
        static let meta: Float = 1.8
        static let body: Float = 1.0
        static let titleB: Float = 0.4
        static let headingsB: Float = 0.4
        static let metaB: Float = 0.5
        static let bodyB: Float = 0.75
        static let k1: Float = 1.2
        /// How much a match counts relative to a literal one.
        static let synonym: Float = 0.75
        static let joined: Float = 1.0
        static let prefix: Float = 0.75
        static let typo: Float = 0.8
        /// The power of the share of the query matched (``Coverage``).
        static let coverage: Float = 1.5
    }

    let analyzer: TextAnalyzer
    /// The indexed articles (knowledge kinds only), in knowledge-base order.
    let articles: [Article]
    /// For each document (a section): its article.
    let docArticle: DocumentOwners
    /// For each article, its first document; one extra entry at the end.
    let articleFirstDoc: [Int32]
    let dictionary: TermDictionary
    /// Every stem's postings: its sections, ascending, and impacts (see ``quantize(_:)``).
    let postings: PostingLists
    /// For each stem, its highest impact, for skipping sections that cannot reach the results.
    let stemMaxImpact: [Impact]
    /// Inverse document frequency per stem (over articles).
    let idf: [Float]
    /// For each stem, the number of articles holding it: the exact count of a one-word query, and
    /// what estimates the count of a query whose ranking skipped sections.
    let stemArticles: [Int32]
    /// Pinned queries: the promote phrase as stems, and the article it pins.
    let promotions: [(stems: [String], article: Int32)]
    /// Each article's place in path order, which breaks ties between equal scores; `nil` when the
    /// articles are in path order already (as loaded from a folder), so their indexes are that place.
    let pathOrder: [Int32]?
    let scratchPool: ScratchPool

    /// Builds the index over every section of every knowledge article (kinds where `isKnowledge`).
    ///
    /// - Complexity: O(n) in the total text; tokenising runs on all cores.
    public convenience init(knowledgeBase: KnowledgeBase, analyzer: TextAnalyzer = TextAnalyzer()) {
        self.init(knowledgeBase: knowledgeBase, analyzer: analyzer, postingSegmentShift: 16)
    }

    /// Builds the index with posting segments of `1 << postingSegmentShift` sections (see
    /// ``PostingLists``): smaller than the usual 65,536 only to test many segments on small indexes.
    init(knowledgeBase: KnowledgeBase, analyzer: TextAnalyzer, postingSegmentShift: Int) {
        self.analyzer = analyzer
        let isIndexed = { (article: Article) in article.kind.isKnowledge && !article.sections.isEmpty }
        // Filtering copies every article; a folder of knowledge only (the common case) is shared.
        let all = knowledgeBase.articles
        let articles = all.allSatisfy(isIndexed) ? all : all.filter(isIndexed)
        self.articles = articles
        let built = IndexBuilder.build(articles: articles, phrases: PhraseTerms(analyzer.synonyms), segmentShift: postingSegmentShift)
        docArticle = DocumentOwners(built.docArticle)
        articleFirstDoc = built.articleFirstDoc
        dictionary = built.dictionary
        postings = built.postings
        stemMaxImpact = built.stemMaxImpact
        idf = built.idf
        stemArticles = built.stemArticles
        var promotions: [(stems: [String], article: Int32)] = []
        for index in articles.indices {
            for phrase in articles[index].promote {
                let stems = analyzer.contentStems(phrase)
                if !stems.isEmpty { promotions.append((stems, Int32(index))) }
            }
        }
        self.promotions = promotions
        pathOrder = Self.pathOrder(of: articles)
        scratchPool = ScratchPool(documents: docArticle.count, articles: articles.count)
        if articles.count > 1000 { FreedMemory.release() }
    }

    /// Each article's place in path order, or `nil` if the articles are in that order.
    private static func pathOrder(of articles: [Article]) -> [Int32]? {
        if zip(articles, articles.dropFirst()).allSatisfy({ $0.path < $1.path }) { return nil }
        var order = [Int32](repeating: 0, count: articles.count)
        for (place, index) in articles.indices.sorted(by: { articles[$0].path < articles[$1].path }).enumerated() {
            order[index] = Int32(place)
        }
        return order
    }

    /// The kinds of content a search reads: knowledge articles, and synonym lists for the analyzer.
    public static let contentKinds: Set<ArticleKind> = Set(ArticleKind.allCases.filter(\.isKnowledge)).union([.synonyms])

    /// The number of indexed articles.
    public var articleCount: Int { articles.count }

    /// The index in its article's sections of the section that is document `doc`: an article's
    /// sections are consecutive documents.
    @inline(__always)
    func sectionIndex(ofDocument doc: Int32) -> Int {
        Int(doc - articleFirstDoc[Int(docArticle[Int(doc)])])
    }

    /// The number of indexed sections.
    public var sectionCount: Int { docArticle.count }

    /// BM25 saturation of a weighted field frequency: below k1 + 1.
    @inline(__always)
    static func saturate(_ frequency: Float) -> Float {
        frequency * (Weights.k1 + 1) / (frequency + Weights.k1)
    }

    /// A saturated frequency as 8 bits (``Impact``), and back: 255 steps over the saturation range,
    /// well below the score differences the judged queries depend on.
    @inline(__always)
    static func quantize(_ saturated: Float) -> Impact {
        Impact(clamping: Int((saturated / impactScale).rounded()))
    }

    /// The value of one step of a quantised impact.
    static let impactScale: Float = (Weights.k1 + 1) / Float(Impact.max)

    /// A posting's quantised impact.
    typealias Impact = UInt8
}

extension SearchIndex {
    /// The index of `knowledgeBase` with its trainers' synonym lists joined to the built-in ones,
    /// as every front end searches it.
    public static func forContent(_ knowledgeBase: KnowledgeBase) -> SearchIndex {
        let (synonyms, _) = SynonymTable.forContent(knowledgeBase)
        return SearchIndex(knowledgeBase: knowledgeBase, analyzer: TextAnalyzer(synonyms: synonyms))
    }
}
