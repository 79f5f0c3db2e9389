import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct ContentDateTests {
    @Test func parsesDatesAndRejectsNonsense() {
        #expect(ContentDate(parsing: "2026-02-28") == ContentDate(year: 2026, month: 2, day: 28))
        #expect(ContentDate(parsing: "2026-02-30") == nil)
        #expect(ContentDate(parsing: "soon") == nil)
        #expect(ContentDate(parsing: "2024-02-29T10:00:00Z") == ContentDate(year: 2024, month: 2, day: 29))
    }

    @Test func parsesPaddedAndUnpaddedForms() {
        #expect(ContentDate(parsing: " 2026-11-03 ") == ContentDate(year: 2026, month: 11, day: 3))
        #expect(ContentDate(parsing: "2026-1-3") == ContentDate(year: 2026, month: 1, day: 3))
        #expect(ContentDate(parsing: "2026-13-01") == nil)
        #expect(ContentDate(parsing: "20261-01-01") == nil)
    }

    @Test func todayIsTheLocalGregorianDate() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        // Instants around midnights, month ends and leap days, from 2000 to 2040.
        var instant = Date(timeIntervalSince1970: 946_684_800)
        for _ in 0..<400 {
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            #expect(ContentDate.today(now: instant) == ContentDate(year: parts.year!, month: parts.month!, day: parts.day!), "\(instant)")
            instant += 3_600 * 24 * 36.6 + 1_234
        }
    }

    @Test func dayArithmeticCrossesMonthsAndLeapYears() throws {
        let start = try #require(ContentDate(year: 2024, month: 2, day: 28))
        #expect(start.adding(days: 1).description == "2024-02-29")
        #expect(start.adding(days: 2).description == "2024-03-01")
        #expect(
            try #require(ContentDate(year: 2027, month: 1, day: 1)).days(since: try #require(ContentDate(year: 2026, month: 1, day: 1)))
                == 365)
    }

    @Test func datesEncodeAsYearMonthAndDayAndRefuseImpossibleOnes() throws {
        let date = try #require(ContentDate(year: 2026, month: 12, day: 3))
        let json = String(decoding: try JSONEncoder().encode(date), as: UTF8.self)
        #expect(json.contains("\"year\":2026") && json.contains("\"month\":12") && json.contains("\"day\":3"))
        #expect(try JSONDecoder().decode(ContentDate.self, from: Data(json.utf8)) == date)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ContentDate.self, from: Data(#"{"year":2026,"month":2,"day":30}"#.utf8))
        }
        #expect(date.adding(days: 29).description == "2027-01-01")
        #expect(ContentDate(year: 9999, month: 12, day: 31)!.days(since: ContentDate(year: 1, month: 1, day: 1)!) == 3_652_058)
    }
}
