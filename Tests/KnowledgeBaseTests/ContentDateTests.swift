import Testing

@testable import KnowledgeBase

@Suite struct ContentDateTests {
    @Test func parsesDatesAndRejectsNonsense() {
        #expect(ContentDate(parsing: "2026-02-28") == ContentDate(year: 2026, month: 2, day: 28))
        #expect(ContentDate(parsing: "2026-02-30") == nil)
        #expect(ContentDate(parsing: "soon") == nil)
        #expect(ContentDate(parsing: "2024-02-29T10:00:00Z") == ContentDate(year: 2024, month: 2, day: 29))
    }

    @Test func dayArithmeticCrossesMonthsAndLeapYears() throws {
        let start = try #require(ContentDate(year: 2024, month: 2, day: 28))
        #expect(start.adding(days: 1).description == "2024-02-29")
        #expect(start.adding(days: 2).description == "2024-03-01")
        #expect(try #require(ContentDate(year: 2027, month: 1, day: 1)).days(since: try #require(ContentDate(year: 2026, month: 1, day: 1))) == 365)
    }
}
