/// The several-word synonyms ("money back", "keep my number") an index records as terms of their
/// own where their words stand together, so that a synonym phrase matches only as a phrase: a
/// section with "money" in one sentence and "back" in another does not hold "money back".
///
/// A phrase term's text is its stems joined by spaces (``term(_:)``), which no word's stem contains.
struct PhraseTerms: Sendable {
    /// Each phrase's content stems, in order.
    let phrases: [[String]]
    /// The phrases ending in each stem.
    let endingIn: [String: [Int]]
    /// The most stems in a phrase (0 with no phrases).
    let longest: Int

    /// How many common words ("my", "the") may stand between two words of a phrase: "forgot my
    /// password" holds "forgot password". A content word between them breaks the phrase.
    static let maximumGap = 2

    /// The phrases of `synonyms`' offered several-word members.
    init(_ synonyms: SynonymTable) {
        self.init(phrases: synonyms.phraseMembers)
    }

    /// The given phrases, each a list of two or more stems.
    init(phrases: [[String]]) {
        self.phrases = phrases.filter { $0.count > 1 }
        var endingIn: [String: [Int]] = [:]
        for (index, phrase) in self.phrases.enumerated() { endingIn[phrase[phrase.count - 1], default: []].append(index) }
        self.endingIn = endingIn
        longest = self.phrases.map(\.count).max() ?? 0
    }

    /// No phrases.
    static let none = PhraseTerms(phrases: [])

    /// The index term of the phrase `stems`.
    static func term(_ stems: [String]) -> String { stems.joined(separator: " ") }
}
