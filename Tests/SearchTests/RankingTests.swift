import Foundation
import KnowledgeBase
import Support
import Testing

@testable import Search

/// Ranking skips sections that cannot reach the results (MaxScore); these tests check that doing so
/// never changes the results or the count of matches.
@Suite struct RankingTests {
    /// Words of a made-up vocabulary, drawn so that a few are in most articles and most are in few,
    /// as in real text; with headings, so that articles have several sections.
    static let knowledgeBase: KnowledgeBase = {
        var generator = SeededGenerator(seed: 7)
        let vocabulary = (0..<400).map { "w\(String($0, radix: 26))word" }
        func word() -> String {
            // Roughly Zipf: the square of a uniform draw favours the first words.
            let draw = Double(generator.next() % 10_000) / 10_000
            return vocabulary[Int(draw * draw * Double(vocabulary.count))]
        }
        func sentence(_ length: Int) -> String { (0..<length).map { _ in word() }.joined(separator: " ") }
        let files = (0..<300).map { number in
            let sections = (0..<Int(generator.next() % 4)).map { _ in "## \(sentence(2))\n\n\(sentence(20 + Int(generator.next() % 60)))" }
            let body = ([sentence(30)] + sections).joined(separator: "\n\n")
            return (
                path: "policies/a\(number).md",
                text: TestArticles.file(id: "a\(number)", title: sentence(3), tags: [word()], body: body)
            )
        }
        return TestArticles.knowledgeBase(files)
    }()

    static let index = SearchIndex(knowledgeBase: knowledgeBase, analyzer: TextAnalyzer(synonyms: SynonymTable(groups: [])))

    /// Two to four words of the vocabulary, common and rare, some misspelt or cut short.
    static let queries: [String] = {
        var generator = SeededGenerator(seed: 11)
        return (0..<150).map { _ in
            (0..<(2 + Int(generator.next() % 3))).map { _ in
                let number = Int(generator.next() % 400)
                let word = "w\(String(number, radix: 26))word"
                switch generator.next() % 6 {
                case 0: return String(word.dropLast())
                case 1: return String(word.prefix(3))
                default: return word
                }
            }.joined(separator: " ")
        }
    }()

    /// A word's first two letters, with several completions as alternatives: queries of one clause,
    /// whose postings below the results are skipped by their impacts alone.
    static let oneClauseQueries: [String] = (1..<16).map { "w\(String($0, radix: 26))" }

    @Test(arguments: [1, 10], [64, SearchIndex.rankingBlockSize])
    func skippingLowImpactsInOneClauseChangesNotTheResults(limit: Int, blockSize: Int) {
        var skipped = 0
        for query in Self.oneClauseQueries {
            let plan = Self.index.plan(QueryParser.parse(query))
            #expect(plan.clauses.count == 1 && plan.clauses[0].alternatives.count > 1, "\(query)")
            let exhaustive = Self.index.ranking(query, limit: limit, pruning: false)
            let pruned = Self.index.ranking(query, limit: limit, pruning: true, blockSize: blockSize)
            #expect(!exhaustive.skippedSections && exhaustive.isTotalExact)
            #expect(pruned.top.map(\.article) == exhaustive.top.map(\.article), "\(query)")
            #expect(pruned.top.map(\.doc) == exhaustive.top.map(\.doc), "\(query)")
            #expect(pruned.top.map(\.score) == exhaustive.top.map(\.score), "\(query)")
            if pruned.isTotalExact {
                #expect(pruned.total == exhaustive.total, "\(query)")
            } else {
                skipped += 1
                #expect(
                    abs(pruned.total - exhaustive.total) <= max(5, exhaustive.total / 5),
                    "\(query): \(pruned.total) for \(exhaustive.total)")
            }
        }
        // The floor to skip by comes from the articles of earlier blocks.
        if blockSize < Self.index.sectionCount {
            #expect(skipped > Self.oneClauseQueries.count / 2)
        } else {
            #expect(skipped == 0)
        }
    }

    @Test func equalScoresRankByPathInWhateverOrderArticlesCome() {
        let body = "Parcels that arrive damaged are replaced free of charge."
        let paths = ["policies/c.md", "policies/a.md", "faq/b.md", "policies/b.md"]
        let files = paths.enumerated().map { (path: $1, text: TestArticles.file(id: "same-\($0)", title: "Damaged parcel", body: body)) }
        for ordering in [files, files.reversed(), files.sorted { $0.path < $1.path }] {
            let hits = TestArticles.index(Array(ordering)).search("damaged parcel").hits
            #expect(hits.map(\.article.path) == paths.sorted())
            #expect(Set(hits.map(\.score)).count == 1)
        }
    }

    @Test(arguments: [1, 3, 10], [64, 192, SearchIndex.rankingBlockSize])
    func skippingSectionsChangesNotTheResultsAndEstimatesTheCount(limit: Int, blockSize: Int) {
        var skipped = 0
        for query in Self.queries {
            let exhaustive = Self.index.ranking(query, limit: limit, pruning: false)
            let pruned = Self.index.ranking(query, limit: limit, pruning: true, blockSize: blockSize)
            #expect(!exhaustive.skippedSections && exhaustive.isTotalExact)
            if pruned.isTotalExact {
                #expect(pruned.total == exhaustive.total, "\(query)")
            } else {
                // Skipped sections are not counted: the count is an estimate, and a close one.
                #expect(pruned.skippedSections)
                #expect(
                    abs(pruned.total - exhaustive.total) <= max(5, exhaustive.total / 5),
                    "\(query): \(pruned.total) for \(exhaustive.total)")
            }
            #expect(pruned.top.map(\.article) == exhaustive.top.map(\.article), "\(query)")
            #expect(pruned.top.map(\.doc) == exhaustive.top.map(\.doc), "\(query)")
            #expect(pruned.top.map(\.score) == exhaustive.top.map(\.score), "\(query)")
            if pruned.skippedSections { skipped += 1 }
        }
        // The comparison means something only if skipping happened often. The bound to skip by comes
        // from the articles of earlier blocks, so there is none when one block holds every section.
        if blockSize < Self.index.sectionCount {
            #expect(skipped > Self.queries.count / 4)
        } else {
            #expect(skipped == 0)
        }
    }

    @Test(arguments: [1, 10, 50])
    func aSingleWordFoldedStraightIntoArticlesRanksAsInBlocks(limit: Int) {
        var folded = 0
        for number in stride(from: 0, to: 400, by: 3) {
            let query = "w\(String(number, radix: 26))word"
            let plan = Self.index.plan(QueryParser.parse(query))
            if plan.clauses.count == 1, plan.clauses[0].alternatives.count == 1, plan.clauses[0].alternatives[0].stems.count == 1 {
                folded += 1
            }
            let direct = Self.index.ranking(query, limit: limit, pruning: true)
            let blocks = Self.index.ranking(query, limit: limit, pruning: true, blockSize: 64, foldsSingleWords: false)
            #expect(direct.total == blocks.total, "\(query)")
            #expect(direct.top.map(\.article) == blocks.top.map(\.article), "\(query)")
            #expect(direct.top.map(\.doc) == blocks.top.map(\.doc), "\(query)")
            #expect(direct.top.map(\.score) == blocks.top.map(\.score), "\(query)")
        }
        // Most of these words have no longer forms in the vocabulary, so they are single words.
        #expect(folded > 60)
    }

    @Test func scoringInBlocksGivesTheSameRankingAsScoringAllAtOnce() {
        #expect(Self.index.sectionCount > 640, "the corpus spans many blocks of 64")
        for query in Self.queries {
            let whole = Self.index.ranking(query, limit: 10, pruning: false, blockSize: 1 << 20)
            for blockSize in [64, 128, 320] {
                let blocks = Self.index.ranking(query, limit: 10, pruning: false, blockSize: blockSize)
                #expect(blocks.total == whole.total, "\(query)")
                #expect(blocks.top.map(\.article) == whole.top.map(\.article), "\(query)")
                #expect(blocks.top.map(\.doc) == whole.top.map(\.doc), "\(query)")
                #expect(blocks.top.map(\.score) == whole.top.map(\.score), "\(query)")
            }
        }
    }

    @Test func aClauseThatMatchesNothingCanComeFirst() {
        // "cash return" is a phrase synonym of "money back"; no article has both words, but each
        // is in a title, so the phrase's bound puts it first and it scores no section.
        let index = TestArticles.index(
            [
                ("policies/cash.md", TestArticles.file(id: "cash", title: "Cash", body: "Payments in person.")),
                ("policies/return.md", TestArticles.file(id: "return", title: "Return", body: "Send it back.")),
                ("policies/money.md", TestArticles.file(id: "money", title: "Payments", body: "We take money by card.")),
                ("policies/office.md", TestArticles.file(id: "office", title: "Office", body: "The back office opens at nine.")),
            ], synonyms: SynonymTable(groups: [["money back", "cash return"]]))
        for limit in [1, 2, 10] {
            let exhaustive = index.ranking("money back", limit: limit, pruning: false)
            let pruned = index.ranking("money back", limit: limit, pruning: true)
            #expect(pruned.total == exhaustive.total)
            #expect(pruned.top.map(\.article) == exhaustive.top.map(\.article))
        }
        #expect(index.search("money back").totalMatches == 3)
    }

    @Test func theTotalCountsEveryArticleWithAnyQueryWord() {
        let ranking = Self.index.ranking("w0word wbword", limit: 1, pruning: false)
        #expect(ranking.isTotalExact)
        let matching = Self.index.articles.filter { article in
            let texts = [article.title] + article.tags + article.sections.flatMap { [$0.text] + $0.headingPath }
            return texts.contains { $0.contains("w0word") || $0.contains("wbword") }
        }
        #expect(ranking.top.count == 1)
        #expect(ranking.total == matching.count)
    }

    /// The same content indexed with posting segments of 128 sections: documents are then stored
    /// as their low bits in many segments, as an index of more than 65,536 sections stores them.
    static let segmented: SearchIndex = SearchIndex(
        knowledgeBase: Self.knowledgeBase, analyzer: Self.index.analyzer, postingSegmentShift: 7)

    @Test func postingsInManySegmentsRankAsInOne() {
        #expect(Self.segmented.postings.segmentCount > 5, "the corpus spans several segments of 128 sections")
        #expect(Self.index.postings.segmentCount == 1)
        for query in Self.queries {
            for pruning in [false, true] {
                let one = Self.index.ranking(query, limit: 10, pruning: pruning)
                let many = Self.segmented.ranking(query, limit: 10, pruning: pruning, blockSize: 64)
                // Skipping (and so estimating the count) depends on the blocks.
                if one.isTotalExact, many.isTotalExact { #expect(many.total == one.total, "\(query)") }
                #expect(pruning || many.isTotalExact)
                #expect(many.top.map(\.article) == one.top.map(\.article), "\(query)")
                #expect(many.top.map(\.doc) == one.top.map(\.doc), "\(query)")
                #expect(many.top.map(\.score) == one.top.map(\.score), "\(query)")
            }
        }
        for stem in 0..<Self.index.dictionary.stems.count {
            var one: [Int32] = []
            var many: [Int32] = []
            Self.index.postings.forEach(stem: stem) { doc, _ in one.append(doc) }
            Self.segmented.postings.forEach(stem: Int(Self.segmented.dictionary.stemIDs[Self.index.dictionary.stems[stem]]!)) { doc, _ in
                many.append(doc)
            }
            #expect(!one.isEmpty)
            #expect(many == one, "\(Self.index.dictionary.stems[stem])")
        }
    }

    /// The coverage boost of a set of query positions: the share of the query's weight it matched,
    /// to the power 1.5. Queries of up to eight positions look it up in a table worked out beforehand, longer
    /// ones work it out as documents come; both must give exactly the formula's value.
    @Test(arguments: [3, 8, 11]) func coverageBoostIsTheShareOfTheMatchedWeightToThePowerOneAndAHalf(positions: Int) {
        var plan = QueryPlan()
        // Weights that do not add up exactly in floating point, and one position with none.
        for position in 0..<positions { plan.positionWeights[position] = position == 1 ? 0 : 0.1 + Float(position) * 0.37 }
        plan.allPositions = UInt32(1 << positions) - 1
        let total = plan.positionWeights.reduce(0, +)
        var coverage = Coverage(plan)
        var generator = SeededGenerator(seed: 3)
        let sets = [0, plan.allPositions, 1, 2, 3] + (0..<200).map { _ in UInt32(generator.next() % UInt64(1 << positions)) }
        for matched in sets {
            var weight: Float = 0
            for position in 0..<positions where matched & (1 << position) != 0 { weight += plan.positionWeights[position] }
            let share = min(1, weight / total)
            let boost = pow(share, 1.5)
            #expect(coverage.boost(matched) == boost, "positions \(String(matched, radix: 2))")
            // A bit beyond the query's positions counts for nothing.
            #expect(coverage.boost(matched | 1 << 30) == boost)
        }
    }
}
