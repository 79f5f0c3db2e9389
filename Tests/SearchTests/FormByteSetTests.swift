import KnowledgeBase
import Support
import Testing

@testable import Search

@Suite struct FormByteSetTests {
    private func contains(_ set: FormByteSet, _ word: String) -> Bool {
        var word = word
        return word.withUTF8 { set.contains($0) }
    }

    @Test func findsFormsWhateverTheirAsciiCase() {
        let set = FormByteSet(["refund", "refunds", "2-step", "café"])
        #expect(contains(set, "refund"))
        #expect(contains(set, "REFUNDS"))
        #expect(contains(set, "Refund"))
        #expect(contains(set, "2-STEP"))
        #expect(contains(set, "café"))
        #expect(!contains(set, "refun"))
        #expect(!contains(set, "refundss"))
        #expect(!contains(set, ""))
    }

    @Test func agreesWithASetOfStringsOnGeneratedWords() {
        var generator = SeededGenerator(seed: 11)
        let letters = Array("abcdeABCDE")
        func word() -> String {
            String((0..<Int.random(in: 1...5, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
        }
        let forms = Set((0..<300).map { _ in word().lowercased() })
        let set = FormByteSet(forms)
        for _ in 0..<5_000 {
            let candidate = word()
            #expect(contains(set, candidate) == forms.contains(candidate.lowercased()), "word: \(candidate)")
        }
    }

    @Test func anEmptySetHoldsNothing() {
        let set = FormByteSet([String]())
        #expect(!contains(set, "refund"))
    }
}
