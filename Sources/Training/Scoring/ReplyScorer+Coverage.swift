import Foundation
import Search

/// The content words of a step's model answer, which a complete reply covers in its own order and
/// phrasing: a trainer reads an answer that leaves out most of what the model says as thin, however
/// well its few sentences are put.
struct ModelAnswerWords: Sendable {
    /// For each content word, the stems that say it: its own, or every word of one of its
    /// paraphrases ("refund" is covered by "money back").
    let words: [[[String]]]

    init(_ modelAnswer: String, analyzer: TextAnalyzer) {
        var seen: Set<String> = []
        var words: [[[String]]] = []
        for token in analyzer.tokens(in: modelAnswer) where !token.isStopWord && token.text.count >= 3 {
            guard seen.insert(token.stem).inserted else { continue }
            words.append([[token.stem]] + analyzer.synonyms.alternatives(for: [token.stem]))
        }
        self.words = words
    }

    /// How many of the words `stems` covers.
    func covered(by stems: Set<String>) -> Int {
        words.filter { alternatives in alternatives.contains { $0.allSatisfy(stems.contains) } }.count
    }
}

extension ReplyScorer {
    /// Points for covering what the model answer covers (clear communication). Chosen on the tuning
    /// half of the calibration set, with the share below.
    static let coveragePoints = 5.0
    /// The share of the model answer's content words that earns every coverage point: an excellent
    /// reply in its own words shares about half of them, an adequate one about a quarter, a poor one a
    /// tenth.
    static let fullCoverage = 0.4

    /// Scores how much of the model answer the reply covers.
    func scoreCoverage(
        _ text: AnalysedText, step: ScenarioStep, excluded: Set<Int>, stuffed: Bool, into result: inout ReplyScore
    ) {
        // Offset 0 is the model answer, the others its alternatives.
        let answers = (modelWords[step.id] ?? []).enumerated().filter { $0.element.words.count >= 5 }
        guard !answers.isEmpty else { return }
        let competency = "clear-communication"
        var stems: Set<String> = []
        // A negated word says the opposite of the model: "I haven't raised a dispute" covers nothing.
        for index in 0..<text.count where !excluded.contains(index) {
            let word = text.primary(index)
            if word.isStopWord || PhraseMatcher.isNegated([index], phraseWords: [word], in: text) { continue }
            for token in text.slots[index] { stems.insert(token.stem) }
        }
        // The answer the reply is closest to counts: a reply in other words than the model answer's
        // may follow an alternative's. On the tuning half this took the rewording spread from a mean
        // of 4.6 (largest 14) to 4.1 (11), Spearman 0.906 → 0.907; the mean of the answers' shares
        // gave 4.7 (12) and would mark the model answer itself as partly thin.
        var covered = 0
        var total = 1
        var share = -1.0
        var closest = 0
        for (offset, answer) in answers {
            let count = answer.covered(by: stems)
            let answerShare = Double(count) / Double(answer.words.count)
            if answerShare > share { (covered, total, share, closest) = (count, answer.words.count, answerShare, offset) }
        }
        let answer = closest == 0 ? "the model answer" : "another good answer to this step"
        var earned = Self.coveragePoints * min(1, share / Self.fullCoverage)
        if stuffed { earned *= Self.stuffingFactor }
        result.offer(Self.coveragePoints, competency)
        result.earn(earned, competency)
        if share >= Self.fullCoverage {
            result.evidence.append(
                Evidence(
                    competency: competency, expectation: "cover what a full answer covers",
                    matched: "\(covered) of \(answer)'s \(total) key words", phrase: "(model answer)", match: "exact",
                    points: earned))
        } else {
            result.misses.append(
                Miss(
                    competency: competency, expectation: "cover what a full answer covers",
                    hint:
                        "say more of what the model answer below says: what will happen, when, and why (this reply shares \(covered) of the \(total) key words of \(answer))",
                    isCritical: false, negated: nil, points: Self.coveragePoints - earned))
        }
    }
}
