import KnowledgeBase

/// The answer to one query: the hits of the requested page, best first.
public struct SearchResults: Sendable {
    /// The hits of the requested page (`offset` to `offset + limit`), best first, one per article.
    public var hits: [SearchHit]
    /// How many articles matched in all: a count, or an estimate when ``isTotalExact`` is false.
    public var totalMatches: Int
    /// Whether ``totalMatches`` is a count. Ranking skips sections that cannot reach the page, and
    /// those it does not count: the total of a query of several words that match many articles is
    /// then estimated from how many articles hold each word (a close estimate, never below the
    /// articles seen). A page that holds every match has an exact total.
    public var isTotalExact: Bool
    /// A corrected query when nothing matched well (a word was unknown and a close index word exists).
    public var didYouMean: String?
    /// Whether the ranking used meaning as well as words (a semantic scorer was given and ready).
    public var isSemantic = false

    public init(hits: [SearchHit], totalMatches: Int, isTotalExact: Bool = true, didYouMean: String?) {
        self.hits = hits
        self.totalMatches = totalMatches
        self.isTotalExact = isTotalExact
        self.didYouMean = didYouMean
    }
}

/// One matching article, pointing at its best section.
///
/// A hit refers to the index's articles instead of holding a copy: copying an article retains each
/// of its fields, which cost more than the rest of a hit when results are built.
public struct SearchHit: Sendable {
    @usableFromInline let articles: [Article]
    @usableFromInline let articleIndex: Int
    /// The matching article.
    @inlinable public var article: Article { articles[articleIndex] }
    /// Index into `article.sections` of the best-matching section.
    public var sectionIndex: Int
    /// The best-matching section.
    @inlinable public var section: Section { articles[articleIndex].sections[sectionIndex] }
    /// The ranking score (higher is better): BM25F for a lexical search, the fused score (0 to 1,
    /// ``Fusion``) for a hybrid one. Promoted hits come first whatever their score.
    public var score: Double
    /// The article's BM25F score, when its words matched.
    public var lexicalScore: Double?
    /// The cosine similarity of the article's closest section to the query, when meaning was used
    /// and the article was among the closest.
    public var semanticScore: Double?
    /// The best passage of the section, with the matched words marked.
    public var snippet: Snippet
    /// Whether the article is past its review date (the agent should double-check it).
    public var isStale: Bool
    /// Whether a trainer pinned the article to this query (front matter `promote:`).
    public var isPromoted: Bool
    /// Every surface form in the article that matched a query term (stems, typos, synonyms), folded,
    /// so a renderer can highlight them anywhere in the article. The same for every hit of a query.
    ///
    /// - Complexity: O(n) in the forms: the set is built on each access, as most hits are never
    ///   opened.
    public var matchedForms: Set<String> { Set(matchedFormList) }
    /// The forms, each once, shared by the query's hits.
    let matchedFormList: [String]

    init(
        articles: [Article], articleIndex: Int, sectionIndex: Int, score: Double, snippet: Snippet, isStale: Bool, isPromoted: Bool,
        matchedFormList: [String]
    ) {
        self.articles = articles
        self.articleIndex = articleIndex
        self.sectionIndex = sectionIndex
        self.score = score
        self.snippet = snippet
        self.isStale = isStale
        self.isPromoted = isPromoted
        self.matchedFormList = matchedFormList
    }
}

/// About 30 words of the best passage, with highlight ranges into `text`, and "…" where cut.
public struct Snippet: Sendable {
    /// The passage, on one line.
    public var text: String
    /// The matched words, in order, as ranges of ``text``.
    public var highlights: [Range<String.Index>]

    public init(text: String, highlights: [Range<String.Index>]) {
        self.text = text
        self.highlights = highlights
    }

    /// `text` with highlights wrapped in `open`/`close` (e.g. ANSI bold, or "[" "]" for plain text).
    public func marked(open: String, close: String) -> String {
        var output = ""
        var cursor = text.startIndex
        for range in highlights where range.lowerBound >= cursor {
            output += text[cursor..<range.lowerBound]
            output += open
            output += text[range]
            output += close
            cursor = range.upperBound
        }
        output += text[cursor...]
        return output
    }
}
