import Support
import Testing

@testable import KnowledgeBase

@Suite struct StringScanningTests {
    /// The offset of `pattern` in `text`, found the slow, obvious way.
    func naiveOffset(of pattern: [UInt8], in text: [UInt8]) -> Int? {
        guard pattern.count <= text.count else { return nil }
        return (0...(text.count - pattern.count)).first { Array(text[$0..<($0 + pattern.count)]) == pattern }
    }

    @Test func findsTheFirstOccurrenceOrNone() {
        #expect("a {{fact}} and {{more}}".byteRange(of: "{{").map { "a {{fact}} and {{more}}"[$0] } == "{{")
        #expect("a {{fact}}".containsBytes("}}"))
        #expect(!"a { b } c".containsBytes("{{"))
        #expect("aaab".byteRange(of: "aab").map { "aaab"[..<$0.lowerBound] } == "a")
        #expect("end}}".byteRange(of: "}}").map { "end}}"[$0.upperBound...] } == "")
        #expect(!"}".containsBytes("}}"))
    }

    @Test func agreesWithANaiveSearch() {
        var generator = SeededGenerator(seed: 7)
        let alphabet: [UInt8] = Array("ab{}".utf8)
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let pattern = (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let found = text.withUnsafeBufferPointer { firstOffset(of: pattern, in: $0) }
            #expect(found == naiveOffset(of: pattern, in: text), "\(text) \(pattern)")
        }
    }
}
