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
}
