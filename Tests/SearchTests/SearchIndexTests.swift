import KnowledgeBase
import Support
import Testing

@testable import Search

@Suite struct SearchIndexTests {
    let index = TestArticles.shop

    func ids(_ query: String, limit: Int = 10) -> [String] { index.search(query, limit: limit).hits.map(\.article.id) }

    @Test func anEmptyKnowledgeBaseFindsNothingAndDoesNotFail() {
        let empty = TestArticles.index([])
        #expect(empty.articleCount == 0)
        #expect(empty.search("refund").hits.isEmpty)
        #expect(empty.search("type:policy").hits.isEmpty)
    }

    @Test func indexChunksCoverEveryArticleOnceInOrder() {
        let files = (0..<100).map { number in
            // Every tenth article is long, so equal counts would not be equal work.
            let body = String(repeating: "word\(number) text ", count: number % 10 == 0 ? 400 : 20)
            return (path: "policies/a\(number).md", text: TestArticles.file(id: "a\(number)", title: "Article \(number)", body: body))
        }
        let articles = TestArticles.knowledgeBase(files).articles
        let ranges = IndexBuilder.chunkRanges(articles)
        #expect(ranges.first?.lowerBound == 0)
        #expect(ranges.last?.upperBound == articles.count)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(ranges.allSatisfy { !$0.isEmpty })
        #expect(TestArticles.index(files).search("word37").hits.map(\.article.id) == ["a37"])
        // One article holding most of the text still leaves no chunk empty.
        var lopsided = files
        lopsided[99].text = TestArticles.file(id: "a99", title: "Article 99", body: String(repeating: "long text ", count: 20_000))
        let lopsidedRanges = IndexBuilder.chunkRanges(TestArticles.knowledgeBase(lopsided).articles)
        #expect(lopsidedRanges.allSatisfy { !$0.isEmpty })
        #expect(lopsidedRanges.last?.upperBound == lopsided.count)
    }

    /// A query takes the stems of words the index has from its dictionary, not the stemmer: they
    /// must be what the stemmer gives, for every word, and unknown words still get stemmed.
    @Test func theDictionaryStemsWordsAsTheAnalyzerDoes() {
        let index = ShippedContent.index
        let analyzer = TextAnalyzer()
        let stemmer = SnowballStemmer()
        #expect(index.dictionary.words.count > 1000)
        for word in index.dictionary.words {
            #expect(index.dictionary.stem(ofWord: word) == TextAnalyzer.stem(word, with: stemmer), "\(word)")
        }
        #expect(index.dictionary.stem(ofWord: "zzyzzyvas") == nil)
        let tokens = analyzer.tokens(in: "refunding zzyzzyvas") { index.dictionary.stem(ofWord: $0) }
        #expect(tokens.map(\.stem) == analyzer.tokens(in: "refunding zzyzzyvas").map(\.stem))
    }

    /// Documents' articles in a byte each: the same articles back, for articles of one section each
    /// (64 articles in a group, the most a group can hold) and of many.
    @Test func documentOwnersGiveBackEachDocumentsArticle() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            var articles: [Int32] = []
            var article: Int32 = 0
            for _ in 0..<Int(generator.next() % 2000) {
                articles.append(article)
                if generator.next() % 3 != 0 { article += 1 }
            }
            let owners = DocumentOwners(articles)
            #expect(owners.count == articles.count)
            #expect(articles.indices.allSatisfy { owners[$0] == articles[$0] })
            owners.withBuffers { buffers in #expect(articles.indices.allSatisfy { buffers[$0] == articles[$0] }) }
        }
        let oneEach = DocumentOwners((0..<200).map(Int32.init))
        #expect((0..<200).allSatisfy { oneEach[$0] == Int32($0) })
    }

    @Test func indexesOnlyKnowledgeArticles() {
        #expect(index.articleCount == 5)
        #expect(!ids("practice").contains("practice"))
    }

    @Test func titleMatchBeatsPassingMention() {
        #expect(ids("refund").first == "refunds")
    }

    @Test func hitPointsAtTheBestSection() {
        let hit = index.search("store credit").hits[0]
        #expect(hit.article.id == "refunds")
        #expect(hit.section.heading == "Store credit")
    }

    @Test func typoWithinOneEditFindsTheWord() {
        #expect(ids("parcle").first == "lost-parcels")
        #expect(ids("cancelation").first == "cancellation")
    }

    @Test func typoMatchesRankBelowExactMatches() {
        // "phone" is in a title; "phones" is a different word with the same stem; "phome" is a typo.
        let exact = index.search("phone").hits.first { $0.article.id == "vantage-12" }!.score
        let typo = index.search("phome").hits.first { $0.article.id == "vantage-12" }!.score
        #expect(typo < exact)
    }

    @Test func lastWordMatchesAsPrefix() {
        #expect(ids("cancell").first == "cancellation")
        #expect(ids("refu").first == "refunds")
        #expect(ids("refu ").isEmpty)
    }

    @Test func synonymsMatchButRankBelowLiteralMatches() {
        // "reimbursement" is a synonym of refund: the expense article matches "refund" by synonym only.
        let results = ids("refund")
        #expect(results.contains("expenses"))
        #expect(results.firstIndex(of: "refunds")! < results.firstIndex(of: "expenses")!)
        #expect(ids("reimbursement").contains("refunds"))
        // The same article scores lower through a synonym than through the word itself.
        func score(_ query: String, _ id: String) -> Double { index.search(query).hits.first { $0.article.id == id }!.score }
        #expect(score("refund", "expenses") < score("reimbursement", "expenses"))
    }

    @Test func phraseSynonymsWorkInBothDirections() {
        #expect(ids("money back").first == "refunds")
        #expect(ids("money back").contains("expenses"))
    }

    @Test func aSynonymPhraseMatchesOnlyWhereItsWordsStandTogether() {
        let index = TestArticles.index(
            [
                ("policies/card.md", TestArticles.file(id: "card", title: "Card payments", body: "We put the money back on your card.")),
                ("policies/savings.md", TestArticles.file(id: "savings", title: "Savings", body: "Save money monthly. Come back yearly.")),
                ("faq/login.md", TestArticles.file(id: "login", title: "Signing in", body: "If you forgot your password, use the link.")),
                ("faq/notes.md", TestArticles.file(id: "notes", title: "Notes", body: "We forgot nothing. Choose a strong password.")),
                ("faq/cooling.md", TestArticles.file(id: "cooling", title: "Cancelling", body: "The cooling-off period is 14 days.")),
            ],
            synonyms: SynonymTable(groups: [
                ["refund", "money back"], ["recovery", "forgot password"], ["rethink", "cooling off period"],
            ]))
        // "money back" and "forgot password" stand together, common words aside, in one article each.
        #expect(index.search("refund").hits.map(\.article.id) == ["card"])
        #expect(index.search("recovery").hits.map(\.article.id) == ["login"])
        // A hyphenated word's joined form stands at its first part's place, not between the parts.
        #expect(index.search("rethink").hits.map(\.article.id) == ["cooling"])
        // The words typed still match wherever they are.
        #expect(Set(index.search("money back").hits.map(\.article.id)) == ["card", "savings"])
    }

    @Test func commonWordsOfAPhraseSynonymCount() {
        let index = TestArticles.index([
            (
                "policies/contracts.md",
                TestArticles.file(id: "contracts", title: "Contracts", body: "Sign the contract before the engineer visits.")
            ),
            (
                "faq/portal.md",
                TestArticles.file(id: "portal", title: "Portal", body: "Customers login to the portal with their email address.")
            ),
        ])
        // "log in" is "login"; the lone word "sign" is not (only "sign in" is).
        #expect(index.search("how do I log in").hits.map(\.article.id).contains("portal"))
        #expect(index.search("cannot sign in").hits.map(\.article.id).contains("portal"))
        #expect(!index.search("sign").hits.map(\.article.id).contains("portal"))
    }

    @Test func compoundsMatchWithOrWithoutHyphen() {
        for query in ["pre-order", "preorder", "pre order"] {
            #expect(index.search(query).hits.first?.section.heading == "Pre-order cancellations", "\(query)")
        }
    }

    @Test func numberWordsMatchDigits() {
        #expect(ids("thirty days notice").first == "cancellation")
    }

    @Test func quotedPhraseMustMatchWordForWord() {
        #expect(ids("\"business days late\"") == ["lost-parcels"])
        #expect(ids("\"late business days\"").isEmpty)
        #expect(ids("\"original payment method\" parcel") == ["refunds"])
    }

    @Test func excludedWordsRemoveArticles() {
        #expect(ids("refund").contains("lost-parcels"))
        #expect(!ids("refund -parcel").contains("lost-parcels"))
        #expect(!ids("refund -\"carrier trace\"").contains("lost-parcels"))
    }

    @Test func fieldFiltersNarrowResults() {
        #expect(ids("warranty type:product") == ["vantage-12"])
        #expect(ids("refund type:faq") == ["expenses"])
        #expect(ids("refund tag:delivery") == ["lost-parcels"])
        #expect(ids("receipt product:vantage-12") == ["expenses"])
        #expect(Set(ids("product:vantage-12")) == ["vantage-12", "expenses"])
    }

    @Test func filterValuesMatchWhateverJoinsTheirWords() {
        for spelling in ["product:vantage12", "product:\"vantage 12\"", "product:Vantage_12"] {
            #expect(Set(ids(spelling)) == ["vantage-12", "expenses"], "\(spelling)")
        }
        // A product article also answers to its title, however written.
        #expect(ids("product:\"Vantage 12 phone\"") == ["vantage-12"])
        #expect(ids("product:vantage12phone") == ["vantage-12"])
        #expect(ids("refund tag:Delivery") == ["lost-parcels"])
        #expect(ids("refund tag:deli-very") == ["lost-parcels"])
        #expect(ids("product:vantage13").isEmpty)
    }

    @Test func unparsableQueriesAreSearchedAsWords() {
        #expect(ids("\"parcel lost").first == "lost-parcels")
        #expect(ids("type:nonsense parcel").first == "lost-parcels")
        #expect(ids("").isEmpty)
        #expect(ids("\"\" - -- : type: \"").isEmpty)
    }

    @Test func promotedArticleComesFirst() {
        let results = index.search("where is my money")
        #expect(results.hits.first?.article.id == "refunds")
        #expect(results.hits.first?.isPromoted == true)
        #expect(index.search("refund").hits.allSatisfy { !$0.isPromoted })
    }

    @Test func staleArticlesAreMarked() {
        let fresh = ContentDate(year: 2026, month: 11, day: 1)!
        let late = ContentDate(year: 2027, month: 11, day: 1)!
        #expect(index.search("warranty", today: fresh).hits[0].isStale == false)
        #expect(index.search("warranty", today: late).hits[0].isStale == true)
    }

    @Test func didYouMeanCorrectsUnknownWords() {
        #expect(index.search("warrenty").didYouMean == "warranty")
        #expect(index.search("warranty").didYouMean == nil)
        #expect(index.search("zzzzqqq").totalMatches == 0)
    }

    @Test func aMisspeltTypeFiltersAsTheTypeAndSaysSo() {
        let corrected = index.search("type:polcy refnd")
        #expect(corrected.didYouMean == "type:policy refund")
        #expect(corrected.hits.map(\.article.id) == index.search("type:policy refund").hits.map(\.article.id))
        #expect(!corrected.hits.isEmpty)
        #expect(corrected.hits.allSatisfy { $0.article.kind == .policy })
        #expect(index.search("type:polcy refund").didYouMean == "type:policy refund")
        #expect(index.search("type:policy refund").didYouMean == nil)
    }

    @Test func matchedFormsIncludeStemsTyposAndSynonyms() {
        let hit = index.search("reimbursment").hits.first { $0.article.id == "expenses" }!
        #expect(hit.matchedForms.contains("reimbursement"))
        let refunds = index.search("refund").hits.first { $0.article.id == "refunds" }!
        #expect(refunds.matchedForms.isSuperset(of: ["refund", "refunds"]))
    }

    @Test func limitAndOffsetPage() {
        let all = ids("refund", limit: 10)
        #expect(all.count >= 3)
        #expect(index.search("refund", limit: 2, offset: 1).hits.map(\.article.id) == Array(all[1...2]))
        #expect(index.search("refund", limit: 2).totalMatches == all.count)
    }

    @Test func suggestionsAndCompletions() {
        #expect(index.suggestions(for: "parcle").first == "parcel")
        #expect(index.completions(forPrefix: "can").contains("cancel"))
        #expect(Set(index.completions(forPrefix: "parc").prefix(2)) == ["parcel", "parcels"])
    }

    @Test func trainerSynonymsExtendTheBuiltInList() {
        let (extra, _) = SynonymTable.parse(
            ArticleParser.parse("---\ntype: synonyms\n---\n- zorbly, vantage\n", path: "synonyms.md").article)
        let kb = TestArticles.knowledgeBase([
            ("products/v.md", TestArticles.file(id: "v", title: "Vantage", type: "product", body: "A phone."))
        ])
        #expect(SearchIndex(knowledgeBase: kb).search("zorbly").hits.isEmpty)
        let index = SearchIndex(knowledgeBase: kb, analyzer: TextAnalyzer(synonyms: .builtIn.merging(extra)))
        #expect(index.search("zorbly").hits.map(\.article.id) == ["v"])
    }
}
