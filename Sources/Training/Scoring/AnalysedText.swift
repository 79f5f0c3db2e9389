import Foundation
import Search

/// A reply (or customer line) run through the shared ``TextAnalyzer``, arranged for phrase matching:
/// the tokens at each position, and which sentence and clause each position belongs to.
struct AnalysedText: Sendable {
    /// The original text.
    let text: String
    /// The tokens at each position; the first is the primary word, the rest its variants
    /// (a compound's joined form, an amount with its currency sign).
    let slots: [[Token]]
    /// The sentence index of each position.
    let sentence: [Int]
    /// The clause index of each position (a clause ends at punctuation or before "but", "however"...).
    let clause: [Int]
    /// The customer's names as the analyzer folds them, which a `{name}` slot matches.
    var names: Set<String> = []
    /// Positions of prices said in words ("nine ninety-nine"), which an `{amount}` slot matches.
    var spokenAmounts: Set<Int> = []
    /// Every stem and folded word of the text: a phrase with a word that must be spelt right and is
    /// not here cannot match, and is skipped without a scan.
    let vocabulary: Set<String>

    /// Words that open a new clause: a negation before them does not reach past them.
    static let clauseWords: Set<String> = ["but", "however", "although", "though", "yet", "unfortunately"]

    init(_ text: String, analyzer: TextAnalyzer) {
        self.text = text
        var slots: [[Token]] = []
        for token in analyzer.tokens(in: text) {
            if token.position < slots.count {
                slots[token.position].append(token)
            } else {
                while slots.count < token.position { slots.append([]) }
                slots.append([token])
            }
        }
        slots.removeAll { $0.isEmpty }
        var sentence: [Int] = []
        var clause: [Int] = []
        var sentenceIndex = 0
        var clauseIndex = 0
        for index in slots.indices {
            if index > 0 {
                let gap = text[slots[index - 1][0].range.upperBound..<slots[index][0].range.lowerBound]
                if gap.contains(where: { ".!?\n".contains($0) }) {
                    sentenceIndex += 1
                    clauseIndex += 1
                } else if gap.contains(where: { ",;:()—–-".contains($0) }) || Self.clauseWords.contains(slots[index][0].text) {
                    clauseIndex += 1
                }
            }
            sentence.append(sentenceIndex)
            clause.append(clauseIndex)
        }
        self.slots = slots
        self.sentence = sentence
        self.clause = clause
        var vocabulary: Set<String> = []
        for slot in slots {
            for token in slot {
                vocabulary.insert(token.stem)
                vocabulary.insert(token.text)
            }
        }
        self.vocabulary = vocabulary
    }

    /// Whether `word` could match somewhere: it is in the text, or a typo of it could be (a content word
    /// of five letters or more), or it is a slot.
    func mayContain(_ word: Token) -> Bool {
        if vocabulary.contains(word.stem) || vocabulary.contains(word.text) { return true }
        if word.text.hasPrefix("slot") { return true }
        return !word.isStopWord && word.text.count >= 5
    }

    /// The number of positions.
    var count: Int { slots.count }

    /// The primary token at `index`.
    func primary(_ index: Int) -> Token { slots[index][0] }

    /// The original text from position `start` to position `end` (inclusive).
    func excerpt(_ start: Int, _ end: Int) -> String {
        let lower = slots[start].map(\.range.lowerBound).min() ?? slots[start][0].range.lowerBound
        let upper = slots[end].map(\.range.upperBound).max() ?? slots[end][0].range.upperBound
        return String(text[lower..<upper])
    }

    /// The positions of each sentence, in order.
    var sentences: [[Int]] {
        var result: [[Int]] = []
        for index in slots.indices {
            if index == 0 || sentence[index] != sentence[index - 1] { result.append([]) }
            result[result.count - 1].append(index)
        }
        return result
    }

    /// The original text of the sentence holding position `index`, trimmed.
    func sentenceText(containing index: Int) -> String {
        let positions = slots.indices.filter { sentence[$0] == sentence[index] }
        guard let first = positions.first, let last = positions.last else { return "" }
        return excerpt(first, last)
    }
}

/// Words that negate what follows them (folded as the analyzer folds them: `can't` → `cannot`,
/// `don't` → `dont`).
enum Negation {
    /// The synonym table's negations, and the rarer ones a reply may use.
    static let cues: Set<String> = SynonymTable.negations.union([
        "shouldnt", "mustnt", "neednt", "aint", "shant", "none", "nobody", "neither", "nor", "unable", "refuse", "refused", "hardly",
        "non",
    ])
    /// Cues that negate only the noun phrase right after them ("no late fee", "without a receipt"), not
    /// the rest of the clause: "with no notice comes with a $30 credit" still offers the credit.
    static let determiners: Set<String> = ["no", "without", "non"]
    /// How far after a determiner cue its noun phrase reaches.
    static let determinerReach = 3
    /// Words after a cue that make it a hedge over the next statement: "I'm not sure I can refund that".
    static let hedges: Set<String> = ["sure", "think", "certain", "believe", "doubt", "know", "promise", "guarantee"]
    /// Subject words that start a new statement when a verb follows: "...isn't done, you're entitled to a refund".
    static let subjects: Set<String> = ["you", "they", "he", "she", "it"]
    /// Verbs that make a subject word start a statement.
    static let statementVerbs: Set<String> = [
        "are", "will", "can", "get", "have", "would", "should", "may", "might", "could", "is", "do", "be", "need", "still", "also",
    ]
    /// How many positions before a match a cue still negates it, within its clause (NegEx-style scope).
    static let window = 8
    /// Verbs that start a new predicate: "a phone that won't charge is the last thing you need" does
    /// not negate "the last thing you need".
    static let copulas: Set<String> = ["is", "are", "was", "were"]
    /// Words that end a cue's scope when they come between it and the match (a new subject).
    static let scopeEnds: Set<String> = ["i", "we", "let"]
    /// Words that, after a cue, negate what came before: "a refund is not possible".
    static let postAdjectives: Set<String> = ["possible", "available", "allowed", "option", "permitted", "eligible", "able"]
    /// Words that may sit between a match and a following cue: "refunds are not available".
    static let postFillers: Set<String> = ["is", "are", "was", "were", "be", "will", "would", "can", "could", "may", "might", "an", "a"]
    /// Words that negate on their own after a match: "a refund is impossible".
    static let postWords: Set<String> = ["impossible", "unavailable", "ineligible"]

    static func isCue(_ token: Token) -> Bool { cues.contains(token.text) }
}

/// One way of writing an evidence phrase: the original, or a synonym variant.
struct PhraseVariant: Sendable {
    /// The words to find, in order.
    var words: [Token]
    /// Whether each word must be found (content words and negation cues); the others are skipped.
    var required: [Bool] {
        didSet { requiredWords = zip(words, required).filter(\.1).map(\.0) }
    }
    /// Whether the variant came from the synonym table.
    var isSynonym: Bool
    /// The words that must be found, in order.
    private(set) var requiredWords: [Token]

    init(words: [Token], required: [Bool], isSynonym: Bool) {
        self.words = words
        self.required = required
        self.isSynonym = isSynonym
        requiredWords = zip(words, required).filter(\.1).map(\.0)
    }
}

/// An evidence or red-flag phrase, analysed once.
struct CompiledPhrase: Sendable {
    /// The phrase as the trainer wrote it.
    var text: String
    var variants: [PhraseVariant]

    /// Whether the phrase analyses to no words at all (so nothing could ever match it).
    var isEmpty: Bool { variants.first?.words.isEmpty ?? true }

    /// The most synonym variants kept per phrase.
    static let maximumVariants = 48

    /// Analyses `text`; with `synonyms`, adds a variant for each synonym of the whole phrase or of a span of it.
    /// Without `synonyms` (red flags, politeness) every word of the phrase must be found, common ones included.
    init(_ text: String, analyzer: TextAnalyzer, synonyms: Bool) {
        self.text = text
        let tokens = analyzer.tokens(in: Slot.substitute(text))
        var primaries: [Token] = []
        for token in tokens where primaries.last?.position != token.position { primaries.append(token) }
        var base = CompiledPhrase.variant(primaries, isSynonym: false)
        if !synonyms { base.required = base.words.map { _ in true } }
        var variants = [base]
        if synonyms, !primaries.isEmpty {
            let stems = primaries.map(\.stem)
            var seen: Set<String> = [stems.joined(separator: " ")]
            let longest = min(stems.count, max(1, analyzer.synonyms.longestPhrase))
            outer: for length in stride(from: longest, through: 1, by: -1) {
                for start in 0...(stems.count - length) {
                    let span = Array(stems[start..<(start + length)])
                    for alternative in analyzer.synonyms.alternatives(for: span) {
                        let replaced = Array(stems[..<start]) + alternative + Array(stems[(start + length)...])
                        guard seen.insert(replaced.joined(separator: " ")).inserted else { continue }
                        let words =
                            Array(primaries[..<start]) + alternative.map { CompiledPhrase.token(stem: $0, analyzer: analyzer) }
                            + Array(primaries[(start + length)...])
                        variants.append(CompiledPhrase.variant(words, isSynonym: true))
                        if variants.count >= CompiledPhrase.maximumVariants { break outer }
                    }
                }
            }
        }
        self.variants = variants
    }

    private static func variant(_ words: [Token], isSynonym: Bool) -> PhraseVariant {
        var required = words.map { !$0.isStopWord || Negation.isCue($0) }
        // A phrase of common words only ("I will") must be found word for word.
        if !required.contains(true) { required = words.map { _ in true } }
        return PhraseVariant(words: words, required: required, isSynonym: isSynonym)
    }

    private static func token(stem: String, analyzer: TextAnalyzer) -> Token {
        let analysed = analyzer.tokens(in: stem).first
        return Token(
            text: stem, stem: stem, range: stem.startIndex..<stem.endIndex, position: 0,
            isStopWord: analysed?.isStopWord ?? false)
    }
}

/// Where a phrase was found in a text.
struct PhraseMatch: Sendable {
    /// The positions the phrase's words were found at.
    var positions: [Int]
    /// Whether a negation cue governs the match ("I can't offer a refund").
    var isNegated: Bool
    /// How the words matched: synonym, typo or exact (the weakest wins).
    var kind: TermMatch
    /// The phrase that matched.
    var phrase: String

    var first: Int { positions.first ?? 0 }
    var last: Int { positions.last ?? 0 }
}

/// Finds phrases in analysed text: words in order within a sentence, a small gap allowed, each word
/// matched by stem or typo (``termMatch(_:_:)``), and the NegEx-style negation check.
enum PhraseMatcher {
    /// Every match of `phrase` in `text` (the first per starting position), skipping positions in `excluded`.
    ///
    /// Words are looked for in order with at most `maximumGap` extra words between two of them; with
    /// `anyOrder`, a phrase not found in order may also match its words in any order within one
    /// sentence, no two of them further apart than the phrase's length plus twice the gap.
    ///
    /// - Parameters:
    ///   - maximumGap: how many extra words may sit between two required words.
    static func matches(
        of phrase: CompiledPhrase, in text: AnalysedText, maximumGap: Int, excluded: Set<Int> = [], anyOrder: Bool = false
    ) -> [PhraseMatch] {
        var result: [PhraseMatch] = []
        var usedStarts: Set<Int> = []
        for variant in phrase.variants {
            let words = variant.requiredWords
            guard let firstWord = words.first, words.allSatisfy(text.mayContain) else { continue }
            for start in 0..<text.count where !excluded.contains(start) && !usedStarts.contains(start) {
                guard var kind = match(firstWord, at: start, in: text) else { continue }
                var positions = [start]
                var ok = true
                for (offset, word) in words.enumerated().dropFirst() {
                    let previous = positions[positions.count - 1]
                    // A negation word of the phrase governs only what is next to it: "no late fee" is not
                    // "no way to avoid a late fee".
                    let gap = Negation.isCue(words[offset - 1]) ? min(1, maximumGap) : maximumGap
                    var found: Int? = nil
                    var position = previous + 1
                    while position < text.count, position <= previous + 1 + gap,
                        text.sentence[position] == text.sentence[start]
                    {
                        if !excluded.contains(position), let wordKind = match(word, at: position, in: text) {
                            found = position
                            if wordKind == .typo { kind = .typo }
                            break
                        }
                        position += 1
                    }
                    guard let found else {
                        ok = false
                        break
                    }
                    positions.append(found)
                }
                guard ok else { continue }
                if variant.isSynonym { kind = .synonym }
                usedStarts.insert(start)
                result.append(
                    PhraseMatch(
                        positions: positions, isNegated: isNegated(positions, phraseWords: words, in: text), kind: kind,
                        phrase: phrase.text))
            }
            if anyOrder, result.isEmpty, words.count >= 2, !words.contains(where: Negation.isCue) {
                result += unorderedMatches(words, variant: variant, phrase: phrase, in: text, maximumGap: maximumGap, excluded: excluded)
            }
        }
        return result.sorted { $0.first < $1.first }
    }

    /// Matches of `words` in any order within one sentence and a window of the phrase's length plus
    /// twice `maximumGap`; each word takes the nearest free position to the first word's.
    private static func unorderedMatches(
        _ words: [Token], variant: PhraseVariant, phrase: CompiledPhrase, in text: AnalysedText, maximumGap: Int, excluded: Set<Int>
    ) -> [PhraseMatch] {
        let window = words.count + 2 * maximumGap
        var result: [PhraseMatch] = []
        for start in 0..<text.count where !excluded.contains(start) {
            guard var kind = match(words[0], at: start, in: text) else { continue }
            var positions = [start]
            var ok = true
            for word in words.dropFirst() {
                let candidates = (max(0, start - window)...min(text.count - 1, start + window)).filter {
                    !positions.contains($0) && !excluded.contains($0) && text.sentence[$0] == text.sentence[start]
                }.sorted { abs($0 - start) < abs($1 - start) }
                guard let (found, wordKind) = candidates.lazy.compactMap({ at in match(word, at: at, in: text).map { (at, $0) } }).first
                else {
                    ok = false
                    break
                }
                if wordKind == .typo { kind = .typo }
                positions.append(found)
            }
            guard ok else { continue }
            if variant.isSynonym { kind = .synonym }
            let sorted = positions.sorted()
            // Each word is checked for negation on its own: "no refund" anywhere in the window negates.
            let negated = positions.contains { isNegated([$0], phraseWords: words, in: text) }
            result.append(PhraseMatch(positions: sorted, isNegated: negated, kind: kind, phrase: phrase.text))
            break
        }
        return result
    }

    /// How `word` matches the text at `position`: slots (`{time}`, `{amount}`, `{name}`) test the text,
    /// other words compare tokens.
    private static func match(_ word: Token, at position: Int, in text: AnalysedText) -> TermMatch? {
        switch word.text {
        case Slot.time: return Slot.isTime(position, in: text) ? .exact : nil
        case Slot.amount: return Slot.isAmount(position, in: text) ? .exact : nil
        case Slot.name: return text.names.contains(text.primary(position).text) ? .exact : nil
        default: return match(word, text.slots[position])
        }
    }

    private static func match(_ word: Token, _ slot: [Token]) -> TermMatch? {
        var best: TermMatch? = nil
        for token in slot {
            if token.stem == word.stem || token.text == word.text { return .exact }
            // Short common words only count when spelt right, and a typo keeps the first letter of a word of
            // five letters or more ("raise" is not "Grace"). Checked first: they are cheap, the edit distance is not.
            if best != nil || word.isStopWord || token.isStopWord { continue }
            guard word.text.utf8.first == token.text.utf8.first, word.text.count >= 5, word.text.first == token.text.first else { continue }
            if termMatch(word, token) != nil { best = .typo }
        }
        return best
    }

    /// Whether position `index` is a subject that opens a new statement ("you're", "you will", "it is").
    static func startsStatement(at index: Int, in text: AnalysedText) -> Bool {
        let word = text.primary(index)
        guard Negation.subjects.contains(word.text) else { return false }
        if text.text[word.range].contains(where: { $0 == "'" || $0 == "’" }) { return true }
        guard index + 1 < text.count else { return false }
        return Negation.statementVerbs.contains(text.primary(index + 1).text)
    }

    /// NegEx-style: a cue within ``Negation/window`` positions before the match in the same clause, a cue
    /// inside the match that the phrase itself does not contain, or "is not possible" right after it.
    static func isNegated(_ positions: [Int], phraseWords: [Token], in text: AnalysedText) -> Bool {
        guard let first = positions.first, let last = positions.last else { return false }
        let phraseHasCue = phraseWords.contains(where: Negation.isCue)
        var index = first - 1
        while index >= 0, index >= first - Negation.window, text.clause[index] == text.clause[first] {
            let word = text.primary(index)
            if Negation.isCue(word) {
                if !Negation.determiners.contains(word.text) || first - index <= Negation.determinerReach { return true }
            }
            // A new speaker starts a new statement: "I couldn't call sooner and I'll refund it", unless a
            // hedge governs it: "I'm not sure I can refund that".
            if Negation.scopeEnds.contains(word.text) || Negation.copulas.contains(word.text) || startsStatement(at: index, in: text) {
                let before = max(0, index - 3)..<index
                let hedged = before.contains {
                    Negation.hedges.contains(text.primary($0).stem) || Negation.hedges.contains(text.primary($0).text)
                }
                if !hedged { break }
            }
            index -= 1
        }
        let matched = Set(positions)
        if !phraseHasCue {
            for inside in first...last where !matched.contains(inside) && Negation.isCue(text.primary(inside)) { return true }
        }
        // "a refund is not possible", "refunds aren't available", "a refund is impossible".
        var after = last + 1
        var sawCue = false
        while after < text.count, after <= last + 4, text.clause[after] == text.clause[last] {
            let word = text.primary(after).text
            if Negation.postWords.contains(word) { return true }
            if Negation.cues.contains(word) {
                sawCue = true
            } else if sawCue, Negation.postAdjectives.contains(word) {
                return true
            } else if !Negation.postFillers.contains(word) {
                break
            }
            after += 1
        }
        return false
    }
}

/// The slots a phrase may hold in braces: `{time}` (today, Monday, within 5 days), `{amount}` (a sum of
/// money in any form) and `{name}` (the customer's name).
enum Slot {
    static let time = "slottime"
    static let amount = "slotamount"
    static let name = "slotname"

    /// `text` with each `{slot}` written as the word the matcher recognises.
    static func substitute(_ text: String) -> String {
        guard text.contains("{") else { return text }
        return text.replacingOccurrences(of: "{time}", with: " \(time) ").replacingOccurrences(of: "{amount}", with: " \(amount) ")
            .replacingOccurrences(of: "{name}", with: " \(name) ")
    }

    /// Words that say when.
    static let timeWords: Set<String> = [
        "today", "tonight", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning",
        "afternoon", "evening", "hour", "hours", "minute", "minutes", "day", "days", "week", "weeks", "weekend", "noon", "midday",
        "fortnight", "asap", "shortly", "later", "pm", "am", "oclock", "end",
    ]

    static func isTime(_ position: Int, in text: AnalysedText) -> Bool {
        let token = text.primary(position)
        return timeWords.contains(token.text) || timeWords.contains(token.stem)
    }

    /// A sum of money as ``Quantity/isMoney(at:in:)`` reads one, or any number with a fraction ("2.5").
    static func isAmount(_ position: Int, in text: AnalysedText) -> Bool {
        guard let value = Double(text.slots[position][0].text) else {
            return text.spokenAmounts.contains(position) || text.slots[position].contains { $0.text.hasPrefix("$") }
        }
        return value != value.rounded() || Quantity.isMoney(at: position, in: text)
    }
}
