import Foundation
import Search

/// What the scorer needs to know about the conversation so far.
public struct ReplyContext: Sendable {
    /// The trainee's earlier replies in this session (a repeated sentence earns nothing twice).
    public var previousReplies: [String]
    /// Articles the trainee opened during this step (open book): opening one the step links to earns
    /// policy-accuracy credit.
    public var lookups: Set<String>

    /// Creates a context.
    public init(previousReplies: [String] = [], lookups: Set<String> = []) {
        self.previousReplies = previousReplies
        self.lookups = lookups
    }
}

/// Scores replies to a scenario's steps against their rubrics. Deterministic and explainable: every
/// point in a ``ReplyScore`` names the words of the reply it came from.
///
/// The rules, per reply:
/// - each expectation met by a non-negated evidence phrase earns its weight; each word of the reply
///   can serve one expectation only, and sentences repeated from earlier replies earn nothing;
/// - a reply that reads as a list of keywords (few function words, or many tiny fragments) has its
///   expectation points quartered;
/// - active listening (1 point, on customer lines of 8 words or more with 5 details or more): restating
///   the customer's specifics or asking a relevant question;
/// - tone (2 points, diplomacy): warmth (thanks, the customer's name, understanding) or ownership;
/// - red flags cost points: the step's own, and built-in blame, dismissal, sarcasm, rudeness,
///   ALL CAPS and exclamation spam;
/// - a figure that contradicts a policy fact costs 2 policy-accuracy points and quotes the article.
public struct ReplyScorer: Sendable {
    /// The scenario.
    public let scenario: Scenario
    /// The shared text analysis replies are matched with.
    public let analyzer: TextAnalyzer
    let evidence: [String: [[CompiledPhrase]]]
    let flags: [String: [[CompiledPhrase]]]
    let toneFlags: [(rule: ToneFlag, phrases: [CompiledPhrase])]
    /// The behaviour library expectations draw on.
    public let behaviours: BehaviourLibrary
    let behaviourPhrases: [String: [CompiledPhrase]]
    let politeness: [CompiledPhrase]
    let figures: [String: [[Quantity]]]
    /// Each step's model answer and its alternatives, as content words.
    let modelWords: [String: [ModelAnswerWords]]

    /// How many extra words may sit between two words of an evidence phrase.
    static let evidenceGap = 3
    /// How many extra words may sit between two words of a red-flag phrase.
    static let flagGap = 1
    /// Points for each implicit active-listening behaviour (restating, asking).
    static let listeningPoints = 1.0
    /// Points available for tone in each step.
    static let tonePoints = 2.0
    /// How many words a customer line needs before restating it or asking about it is expected.
    static let listeningLineWords = 8
    /// How many details (numbers, codes, telling words) a customer line needs before restating it or
    /// asking about it is expected. Chosen on the tuning half: 5 gave Spearman 0.906, against 0.899
    /// with none, 0.901 with 4 and 0.902 with 6.
    static let listeningDetails = 5
    /// Policy-accuracy points taken for a contradicted figure.
    static let contradictionPenalty = 2.0
    /// The highest score a reply with one tone red flag (blame, dismissal, sarcasm, rudeness, shouting)
    /// can get: the top of a trainer's hostile band (under 20). On the tuning half, 30 gave Spearman
    /// 0.907 and a hostile mean of 16; 20 gives 0.909 and 14 (15 gave 0.911, but a single pattern can
    /// misfire, and two flags already cap at 15).
    static let toneFlagCap = 20.0
    /// The highest score a reply with two or more tone red flags can get.
    static let hostileCap = 15.0
    /// The highest score a reply that breaks one of the step's own red-flag rules can get.
    static let policyFlagCap = 40.0
    /// The share of expectation points a keyword-stuffed reply keeps.
    static let stuffingFactor = 0.25
    /// Replies are scored on their first this many characters (a long email fits; a pasted page does not).
    public static let maximumReplyLength = 4000

    /// Compiles the scenario's rubric (phrases, synonym variants, figures, the behaviours it names) once.
    public init(scenario: Scenario, analyzer: TextAnalyzer = TextAnalyzer(), behaviours: BehaviourLibrary = .empty) {
        self.scenario = scenario
        self.analyzer = analyzer
        self.behaviours = behaviours
        var behaviourPhrases: [String: [CompiledPhrase]] = [:]
        for id in Set(scenario.steps.flatMap { $0.expectations.flatMap(\.behaviours) }) + ["warmth"] {
            guard let behaviour = behaviours.behaviour(id) else { continue }
            behaviourPhrases[id] = behaviour.phrases.map { CompiledPhrase($0, analyzer: analyzer, synonyms: true) }
        }
        self.behaviourPhrases = behaviourPhrases
        var evidence: [String: [[CompiledPhrase]]] = [:]
        var flags: [String: [[CompiledPhrase]]] = [:]
        var figures: [String: [[Quantity]]] = [:]
        for step in scenario.steps {
            evidence[step.id] = step.expectations.map { $0.phrases.map { CompiledPhrase($0, analyzer: analyzer, synonyms: true) } }
            flags[step.id] = step.redFlags.map { $0.phrases.map { CompiledPhrase($0, analyzer: analyzer, synonyms: false) } }
            figures[step.id] = step.facts.map { Quantity.parse($0.figure, analyzer: analyzer) }
        }
        self.evidence = evidence
        self.flags = flags
        modelWords = Dictionary(
            uniqueKeysWithValues: scenario.steps.map { step in
                (step.id, ([step.modelAnswer] + step.alternativeAnswers).map { ModelAnswerWords($0, analyzer: analyzer) })
            })
        self.figures = figures
        let rules = behaviours.toneFlags.isEmpty ? BuiltInFlag.all : behaviours.toneFlags
        toneFlags = rules.map { rule in (rule, rule.phrases.map { CompiledPhrase($0, analyzer: analyzer, synonyms: false) }) }
        politeness = Tone.politePhrases.map { CompiledPhrase($0, analyzer: analyzer, synonyms: false) }
    }

    /// Scores `reply` as the answer to `step`.
    public func score(_ reply: String, at step: ScenarioStep, context: ReplyContext = ReplyContext()) -> ReplyScore {
        var result = ReplyScore()
        var reply = reply
        if reply.count > Self.maximumReplyLength {
            reply = String(reply.prefix(Self.maximumReplyLength))
            result.notes.append(
                "reply is longer than \(Self.maximumReplyLength) characters: only the first \(Self.maximumReplyLength) were scored")
        }
        var text = AnalysedText(reply, analyzer: analyzer)
        text.names = Set(analyzer.tokens(in: scenario.persona.name).map(\.text))
        // Figures are read once: spoken prices mark the `{amount}` slots, and every figure serves the
        // weighted facts here and the fact checks after.
        let spoken = Quantity.spokenPrices(in: text)
        text.spokenAmounts = Set(spoken.map(\.position))
        let quantities = Quantity.extract(from: text, spoken: spoken)
        let customer = AnalysedText(step.customerLine, analyzer: analyzer)
        let repeated = repeatedPositions(text, previous: context.previousReplies)
        if !repeated.isEmpty {
            result.notes.append("repeats an earlier sentence: it earns nothing twice")
        }
        let stuffing = Tone.stuffingReason(text)

        // Expectations, critical and heavy ones first, so that each word of the reply serves one.
        var consumed = repeated
        let compiled = evidence[step.id] ?? []
        let order = step.expectations.indices.sorted {
            let a = step.expectations[$0]
            let b = step.expectations[$1]
            if a.isCritical != b.isCritical { return a.isCritical }
            if a.weight != b.weight { return a.weight > b.weight }
            return $0 < $1
        }
        var metCount = 0
        var earnedByExpectation: [(Int, Double)] = []
        for index in order {
            let expectation = step.expectations[index]
            result.offer(Double(expectation.weight), expectation.competency)
            var found: PhraseMatch? = nil
            var negated: PhraseMatch? = nil
            let candidates = compiled[index] + expectation.behaviours.flatMap { behaviourPhrases[$0] ?? [] }
            for phrase in candidates {
                for match in PhraseMatcher.matches(of: phrase, in: text, maximumGap: Self.evidenceGap, excluded: consumed, anyOrder: true) {
                    if match.isNegated {
                        if negated == nil { negated = match }
                    } else if found == nil {
                        found = match
                    }
                }
                if found != nil { break }
            }
            if let found {
                consumed.formUnion(found.first...found.last)
                metCount += 1
                if let key = expectation.key { result.metKeys.append(key) }
                earnedByExpectation.append((result.evidence.count, Double(expectation.weight)))
                result.evidence.append(
                    Evidence(
                        competency: expectation.competency, expectation: expectation.description,
                        matched: text.excerpt(found.first, found.last), phrase: found.phrase, match: "\(found.kind)",
                        points: Double(expectation.weight)))
            } else {
                result.misses.append(
                    Miss(
                        competency: expectation.competency, expectation: expectation.description,
                        hint: hint(for: expectation), isCritical: expectation.isCritical,
                        negated: negated.map { text.excerpt($0.first, $0.last) }, points: Double(expectation.weight)))
            }
        }
        // Weighted facts stated count as rubric hits too.
        for (index, fact) in step.facts.enumerated() where fact.weight > 0 {
            if let figure = figures[step.id]?[index].first,
                quantities.contains(where: { $0.unit == figure.unit && $0.value == figure.value })
            {
                metCount += 1
            }
        }
        var stuffed = stuffing
        if stuffed == nil, metCount >= 3, Double(text.count) < 5.0 * Double(metCount) {
            stuffed = "meets \(metCount) expectations in \(text.count) words"
        }
        for (position, points) in earnedByExpectation {
            let kept = stuffed == nil ? points : points * Self.stuffingFactor
            result.evidence[position].points = kept
            result.earn(kept, result.evidence[position].competency)
        }
        if let stuffed {
            result.notes.append("reads as a list of keywords, not sentences (\(stuffed)): expectation points quartered")
        }

        scoreFacts(text, quantities: quantities, step: step, context: context, into: &result, stuffed: stuffed != nil)
        scoreListening(text, customer: customer, step: step, excluded: repeated, into: &result)
        scoreCoverage(text, step: step, excluded: repeated, stuffed: stuffed != nil, into: &result)
        scoreTone(text, into: &result)
        let flagged = scoreRedFlags(text, step: step, into: &result)

        let earned = result.points.values.reduce(0, +)
        let possible = result.possible.values.reduce(0, +)
        result.score = possible > 0 ? min(100, max(0, (earned / possible * 100 * 10).rounded() / 10)) : 0
        // A rude, blaming or dismissive reply is not a good answer whatever else it gets right, and
        // breaking a rule of the step's policy is not either.
        let cap = flagged.tone >= 2 ? Self.hostileCap : flagged.tone == 1 ? Self.toneFlagCap : flagged.policy > 0 ? Self.policyFlagCap : 100
        if result.score > cap {
            // The points shrink with the score, so the session's overall agrees with its steps.
            let factor = cap / result.score
            for (competency, points) in result.points where points > 0 { result.points[competency] = points * factor }
            for index in result.evidence.indices { result.evidence[index].points *= factor }
            result.score = cap
            result.notes.append(
                flagged.tone > 0
                    ? "the tone red flag caps this reply at \(Int(cap)): the right facts in the wrong tone still lose the customer"
                    : "breaking the step's policy caps this reply at \(Int(cap))")
        }
        result.band = ScoreBand.of(score: result.score, hasRedFlag: !result.redFlags.isEmpty)
        for key in result.points.keys { result.points[key] = (result.points[key]! * 100).rounded() / 100 }
        return result
    }

    /// What to do next time, in words that describe the behaviour rather than a phrase to copy.
    func hint(for expectation: Expectation) -> String {
        let described = expectation.behaviours.compactMap { behaviours.behaviour($0)?.description }
        return described.first ?? expectation.description
    }

    /// Positions of sentences (4+ words) that repeat a sentence of an earlier reply or of this one.
    private func repeatedPositions(_ text: AnalysedText, previous: [String]) -> Set<Int> {
        var seen: [Set<String>] = []
        for reply in previous {
            let earlier = AnalysedText(reply, analyzer: analyzer)
            for sentence in earlier.sentences where sentence.count >= 4 {
                seen.append(Set(sentence.map { earlier.primary($0).stem }))
            }
        }
        var result: Set<Int> = []
        for sentence in text.sentences {
            let stems = Set(sentence.map { text.primary($0).stem })
            if sentence.count >= 4,
                seen.contains(where: { Double($0.intersection(stems).count) / Double($0.union(stems).count) >= 0.8 })
            {
                result.formUnion(sentence)
            }
            if sentence.count >= 4 { seen.append(stems) }
        }
        return result
    }
}
