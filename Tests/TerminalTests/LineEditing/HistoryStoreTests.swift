import Foundation
import TestSupport
import Testing

@testable import Terminal

@Suite struct HistoryStoreTests {
    @Test func entriesArePersistedInOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = HistoryStore(url: folder.url.appendingPathComponent("state/frontline/history"))
        try store.append("refund")
        try store.append("open 1")
        #expect(try HistoryStore(url: store.url).load() == ["refund", "open 1"])
    }

    @Test func consecutiveDuplicatesAreSkipped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = HistoryStore(url: folder.url.appendingPathComponent("history"))
        #expect(try store.append("refund"))
        #expect(try !store.append("refund"))
        try store.append("more")
        try store.append("refund")
        #expect(try store.load() == ["refund", "more", "refund"])
    }

    @Test func theOldestEntriesGoBeyondTheCap() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = HistoryStore(url: folder.url.appendingPathComponent("history"), capacity: 3)
        for entry in ["a", "b", "c", "d", "e"] { try store.append(entry) }
        #expect(try store.load() == ["c", "d", "e"])
    }

    @Test func blankSpaceLeadingTooLongAndControlCharactersAreHandled() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = HistoryStore(url: folder.url.appendingPathComponent("history"))
        #expect(try !store.append("   "))
        #expect(try !store.append(" secret"))
        #expect(try !store.append(String(repeating: "x", count: HistoryStore.maximumEntryLength + 1)))
        try store.append("ref\u{1B}[31mund\nstatus")
        #expect(try store.load() == ["refund status"])
    }

    @Test func concurrentWritersLoseNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("history")
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let store = HistoryStore(url: url)
                    for entry in 0..<25 { _ = try? store.append("writer \(writer) entry \(entry)") }
                }
            }
        }
        let entries = try HistoryStore(url: url).load()
        #expect(entries.count == 100)
        #expect(Set(entries).count == 100)
    }

    @Test func aBinaryHistoryFileIsReportedAndNeverOverwritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("history")
        let garbage = Data([0x00, 0xFF, 0x10, 0x00, 0x42])
        try garbage.write(to: url)
        let store = HistoryStore(url: url)
        #expect(throws: HistoryError.notText(path: url.path)) { try store.load() }
        #expect(throws: HistoryError.notText(path: url.path)) { try store.append("refund") }
        #expect(try Data(contentsOf: url) == garbage)
    }

    @Test func defaultLocationFollowsXDGStateHome() {
        #expect(HistoryStore.defaultURL(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path == "/s/frontline/history")
        #expect(HistoryStore.defaultURL(environment: ["HOME": "/h"])?.path == "/h/.local/state/frontline/history")
        #expect(
            HistoryStore.defaultURL(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])?.path == "/h/.local/state/frontline/history")
        #expect(HistoryStore.defaultURL(environment: [:]) == nil)
    }
}
