import Foundation
import Testing

@testable import Terminal

@Suite struct PlainLineReaderTests {
    static func lines(from bytes: [UInt8]) throws -> [String] {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let data = Data(bytes)
        Thread.detachNewThread {
            writer.write(data)
            try? writer.close()
        }
        let reader = PlainLineReader(fileDescriptor: ends[0])
        defer { close(ends[0]) }
        var result: [String] = []
        while let line = reader.readLine(prompt: "ignored> ") { result.append(line) }
        return result
    }

    @Test func readsLinesWithoutTheirEndings() throws {
        #expect(try Self.lines(from: Array("refund\r\nopen 1\nquit".utf8)) == ["refund", "open 1", "quit"])
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        #expect(try Self.lines(from: [0x72, 0xFF, 0x66, 0x0A]) == ["r\u{FFFD}f"])
    }

    @Test func hugeLinesAreCutAndTheNextLineStillReads() throws {
        let huge = [UInt8](repeating: 0x61, count: PlainLineReader.maximumLineLength + 70_000)
        let lines = try Self.lines(from: huge + Array("\nnext\n".utf8))
        #expect(lines.count == 2)
        #expect(lines[0].utf8.count == PlainLineReader.maximumLineLength)
        #expect(lines[1] == "next")
    }
}
