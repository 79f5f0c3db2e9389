import KnowledgeBase
import Support
import Testing

@testable import Search

@Suite struct TypoMatcherTests {
    let words = ["cancel", "cancelled", "candle", "parcel", "parcels", "refund", "refunds", "warranty"].sorted()

    var matcher: TypoMatcher {
        TypoMatcher(sortedWords: words.map { Array($0.utf8) }, ids: words.indices.map(Int32.init))
    }

    func matches(_ word: String, _ distance: Int) -> Set<String> {
        Set(matcher.matches(for: Array(word.utf8), maxDistance: distance).map { words[Int($0.id)] })
    }

    @Test func findsWordsWithinOneEdit() {
        #expect(matches("cancle", 1) == ["cancel", "candle"])
        #expect(matches("refnd", 1) == ["refund"])
        #expect(matches("parcel", 1) == ["parcel", "parcels"])
    }

    @Test func twoEditsReachFurther() {
        #expect(matches("warenty", 1).isEmpty)
        #expect(matches("warenty", 2) == ["warranty"])
        #expect(matches("refnds", 2) == ["refund", "refunds"])
    }

    @Test func reportsTheDistance() {
        let found = matcher.matches(for: Array("refunds".utf8), maxDistance: 1)
        let distances = Dictionary(uniqueKeysWithValues: found.map { (words[Int($0.id)], $0.distance) })
        #expect(distances == ["refunds": 0, "refund": 1])
    }

    @Test func zeroDistanceIsExactLookup() {
        #expect(matches("candle", 0) == ["candle"])
        #expect(matches("candl", 0).isEmpty)
    }

    @Test func agreesWithTheEditDistanceOnEveryWord() {
        for query in ["cancel", "parsel", "refudn", "wrranty", "xyz"] {
            let expected = Set(words.filter { EditDistance.distance(Array($0.utf8), Array(query.utf8), limit: 2) <= 2 })
            #expect(matches(query, 2) == expected, "\(query)")
        }
    }

    @Test func agreesWithTheEditDistanceOnGeneratedWords() {
        var generator = SeededGenerator(seed: 5)
        let letters = Array("abcdef".utf8)
        func word(_ lengths: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: lengths, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
        }
        let dictionary = Array(Set((0..<2_000).map { _ in word(1...11) })).sorted { $0.lexicographicallyPrecedes($1) }
        let matcher = TypoMatcher(sortedWords: dictionary, ids: dictionary.indices.map(Int32.init))
        for _ in 0..<200 {
            let query = word(1...12)
            for maxDistance in 1...2 {
                let found = Dictionary(
                    uniqueKeysWithValues: matcher.matches(for: query, maxDistance: maxDistance).map { ($0.id, $0.distance) })
                var expected: [Int32: Int] = [:]
                for (id, candidate) in dictionary.enumerated() {
                    let distance = EditDistance.distance(candidate, query, limit: maxDistance)
                    if distance <= maxDistance { expected[Int32(id)] = distance }
                }
                #expect(found == expected, "query: \(String(decoding: query, as: UTF8.self)), allowance \(maxDistance)")
            }
        }
    }
}

/// Prefix ranges of the term dictionary, against a scan of every word.
@Suite struct PrefixRangeTests {
    @Test func prefixRangesHoldExactlyTheWordsWithThePrefix() {
        let dictionary = ShippedContent.index.dictionary
        let words = dictionary.words
        var prefixes = ["", "a", "re", "ref", "refund", "refunds", "zz", "~", "é", "30", "$", "ca", "cancellation", "cancellationss"]
        prefixes += words.prefix(300).flatMap { word in (1...min(4, word.count)).map { String(word.prefix($0)) } }
        for prefix in prefixes {
            let expected = (0..<Int32(words.count)).filter { words[Int($0)].utf8.starts(with: prefix.utf8) }
            let found = dictionary.words(withPrefix: prefix)
            #expect(Set(found) == Set(expected), "\(prefix)")
            #expect(found.count == expected.count, "\(prefix)")
            let top = dictionary.mostFrequentWords(withPrefix: prefix, excluding: prefix, limit: 8)
            let best = expected.filter { words[Int($0)] != prefix }.map { dictionary.wordCount[Int($0)] }.sorted(by: >).prefix(8)
            #expect(top.map { dictionary.wordCount[Int($0)] } == Array(best), "\(prefix)")
            #expect(!top.contains { words[Int($0)] == prefix })
            #expect(dictionary.wordID(of: prefix) == words.firstIndex(of: prefix).map(Int32.init), "\(prefix)")
        }
        for (id, word) in words.enumerated().prefix(2000) { #expect(dictionary.wordID(of: word) == Int32(id)) }
    }
}
