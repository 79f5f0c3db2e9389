import Testing

@testable import Search

/// The packed field counts keep every field apart and saturate each at its width.
@Suite struct FieldCountsTests {
    @Test func eachFieldReadsBackWhatWasPacked() {
        for (title, meta, heading, body) in [(0, 0, 0, 0), (1, 2, 3, 4), (63, 1023, 15, 4095), (5, 0, 0, 9), (0, 7, 15, 0)] {
            let counts = FieldCounts(article: .init(title: title, meta: meta), heading: heading, body: body)
            #expect(counts.title == title)
            #expect(counts.meta == meta)
            #expect(counts.heading == heading)
            #expect(counts.body == body)
        }
    }

    @Test func aCountPastItsWidthSaturatesWithoutSpillingIntoItsNeighbour() {
        let counts = FieldCounts(article: .init(title: 500, meta: 5_000), heading: 99, body: 100_000)
        #expect(counts.title == 63)
        #expect(counts.meta == 1023)
        #expect(counts.heading == 15)
        #expect(counts.body == 4095)
        let bodyOnly = FieldCounts(article: .init(), body: 100_000)
        #expect(bodyOnly.heading == 0 && bodyOnly.title == 0 && bodyOnly.meta == 0)
    }

    @Test func aStemOnlyInTheArticlesTitleHasNoSectionCounts() {
        let counts = FieldCounts(article: .init(title: 2, meta: 1))
        #expect(counts.heading == 0 && counts.body == 0)
        #expect(counts.title == 2 && counts.meta == 1)
    }
}
