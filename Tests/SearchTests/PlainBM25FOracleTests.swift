import Foundation
import KnowledgeBase
import Support
import Testing

@testable import Search

/// BM25F written out plainly, from its definition, with none of the index's machinery: no
/// dictionary, no postings, no blocks, no quantised impacts, no pruning. Every section of every
/// article is scored in full for every query, in `Double`.
struct PlainBM25F {
    /// One section's words per field, with its article's title and tags.
    struct Section {
        let article: Int
        let title: [String: Int]
        let meta: [String: Int]
        let headings: [String: Int]
        let body: [String: Int]
        let titleLength: Int
        let metaLength: Int
        let headingLength: Int
        let bodyLength: Int
    }

    // The weights of the index's BM25F, restated: title 10, headings 2.5, tags 1.8, body 1; length
    // normalisation b = 0.4, 0.4, 0.5, 0.75; k1 = 1.2; coverage to the power 1.5.
    static let weights = (title: 10.0, headings: 2.5, meta: 1.8, body: 1.0)
    static let b = (title: 0.4, headings: 0.4, meta: 0.5, body: 0.75)
    static let k1 = 1.2

    let sections: [Section]
    let articleCount: Int
    /// How many articles hold each word, anywhere.
    let documentFrequency: [String: Int]
    let averages: (title: Double, meta: Double, headings: Double, body: Double)

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func counts(_ words: [String]) -> [String: Int] { words.reduce(into: [:]) { $0[$1, default: 0] += 1 } }

    init(_ articles: [Article]) {
        var sections: [Section] = []
        var frequency: [String: Int] = [:]
        var titleLengths: [Int] = []
        var metaLengths: [Int] = []
        for (number, article) in articles.enumerated() {
            let title = Self.words(article.title)
            let meta = Self.words((article.tags + article.products + [article.summary ?? ""]).joined(separator: " "))
            titleLengths.append(title.count)
            metaLengths.append(meta.count)
            var seen = Set(title + meta)
            for section in article.sections {
                // The title heads the heading paths; it counts once, as the title.
                let headings = Self.words(section.headingPath.filter { $0 != article.title }.joined(separator: " "))
                let body = Self.words(section.text)
                seen.formUnion(headings + body)
                sections.append(
                    Section(
                        article: number, title: Self.counts(title), meta: Self.counts(meta), headings: Self.counts(headings),
                        body: Self.counts(body), titleLength: title.count, metaLength: meta.count, headingLength: headings.count,
                        bodyLength: body.count))
            }
            for word in seen { frequency[word, default: 0] += 1 }
        }
        func mean(_ values: [Int]) -> Double { max(1, Double(values.reduce(0, +)) / Double(max(1, values.count))) }
        self.sections = sections
        articleCount = articles.count
        documentFrequency = frequency
        averages = (
            mean(titleLengths), mean(metaLengths), mean(sections.map(\.headingLength)), mean(sections.map(\.bodyLength))
        )
    }

    /// Robertson–Spärck Jones rarity over articles, kept positive.
    func idf(_ word: String) -> Double {
        let n = Double(documentFrequency[word] ?? 0)
        return log(1 + (Double(articleCount) - n + 0.5) / (n + 0.5))
    }

    /// A word's weighted, length-normalised frequency in a section, saturated.
    func saturated(_ word: String, in section: Section) -> Double {
        func field(_ count: Int, _ weight: Double, _ b: Double, _ length: Int, _ average: Double) -> Double {
            Double(count) * weight / (1 - b + b * Double(length) / average)
        }
        let frequency =
            field(section.title[word] ?? 0, Self.weights.title, Self.b.title, section.titleLength, averages.title)
            + field(section.meta[word] ?? 0, Self.weights.meta, Self.b.meta, section.metaLength, averages.meta)
            + field(section.headings[word] ?? 0, Self.weights.headings, Self.b.headings, section.headingLength, averages.headings)
            + field(section.body[word] ?? 0, Self.weights.body, Self.b.body, section.bodyLength, averages.body)
        return frequency * (Self.k1 + 1) / (frequency + Self.k1)
    }

    /// Each section's score for `query` (distinct words): the sum of its words' rarity times their
    /// saturated frequency, times the share of the query's rarity it matched to the power 1.5.
    func scores(_ query: [String]) -> [Double] {
        let total = query.map(idf).reduce(0, +)
        return sections.map { section in
            var sum = 0.0
            var matched = 0.0
            for word in query {
                let value = saturated(word, in: section)
                guard value > 0 else { continue }
                sum += idf(word) * value
                matched += idf(word)
            }
            return sum * pow(min(1, matched / total), 1.5)
        }
    }
}

/// The index's ranking against the plain scorer, on a random corpus: same sections, same scores
/// within the index's 8-bit quantisation of each word's share, and nothing better left out.
@Suite struct PlainBM25FOracleTests {
    static let oracle = PlainBM25F(RankingTests.knowledgeBase.articles)

    /// Two to four distinct words of the corpus.
    static let queries: [[String]] = {
        var generator = SeededGenerator(seed: 23)
        let present = oracle.documentFrequency.keys.sorted()
        return (0..<200).map { _ in
            var words: [String] = []
            while words.count < 2 + Int(generator.next() % 3) {
                let word = present[Int(generator.next() % UInt64(present.count))]
                if !words.contains(word) { words.append(word) }
            }
            return words
        }
    }()

    @Test func theIndexRanksAsThePlainScorerDoes() {
        let index = RankingTests.index
        #expect(index.sectionCount == Self.oracle.sections.count)
        for query in Self.queries {
            let scores = Self.oracle.scores(query)
            // Each word's share is quantised to 255 steps of (k1 + 1): half a step each, at most.
            let tolerance = query.map(Self.oracle.idf).reduce(0, +) * (PlainBM25F.k1 + 1) / 255 / 2 + 1e-4
            var best: [Int: Double] = [:]
            for (doc, score) in scores.enumerated() where score > 0 {
                best[Self.oracle.sections[doc].article] = max(best[Self.oracle.sections[doc].article] ?? 0, score)
            }
            let ranking = index.ranking(query.joined(separator: " "), limit: 10, pruning: true)
            let text = query.joined(separator: " ")
            #expect(ranking.top.count == min(10, best.count), "\(text)")
            for hit in ranking.top {
                let plain = scores[Int(hit.doc)]
                #expect(abs(Double(hit.score) - plain) <= tolerance, "\(text): doc \(hit.doc) scored \(hit.score), plainly \(plain)")
                #expect(Self.oracle.sections[Int(hit.doc)].article == Int(hit.article))
                // The shown section is the article's best, give or take quantisation.
                #expect(plain >= (best[Int(hit.article)] ?? 0) - 2 * tolerance, "\(text): article \(hit.article)")
            }
            // In order, and nothing left out scores clearly higher than the last one shown.
            let shown = ranking.top.map { best[Int($0.article)] ?? 0 }
            for (higher, lower) in zip(shown, shown.dropFirst()) { #expect(higher >= lower - 2 * tolerance, "\(text)") }
            if let last = shown.last {
                let returned = Set(ranking.top.map { Int($0.article) })
                let missed = best.filter { !returned.contains($0.key) && $0.value > last + 2 * tolerance }
                #expect(missed.isEmpty, "\(text): \(missed) outrank the last result \(last)")
            }
        }
    }
}
