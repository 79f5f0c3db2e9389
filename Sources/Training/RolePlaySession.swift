import Foundation
import Search

/// Practice shows feedback after every reply and allows hints; certification hides feedback until the
/// end, allows no hints and applies the scenario's pass mark.
public enum RolePlayMode: String, Sendable, Codable, CaseIterable {
    case practice, certification
}

/// The result of one reply: the step, the score and where the conversation went.
public struct StepResult: Sendable, Codable, Hashable {
    /// The step id.
    public var step: String
    /// What the customer said.
    public var customer: String
    /// The customer's mood when saying it.
    public var mood: Mood
    /// The trainee's reply.
    public var reply: String
    /// The score, with every point explained.
    public var score: ReplyScore
    /// The band and where it led.
    public var branch: Branch
    /// The model answer, shown after the step.
    public var modelAnswer: String
    /// Articles opened during the step.
    public var lookups: [String]

    /// The band a reply scored in and where the conversation went.
    public struct Branch: Sendable, Codable, Hashable {
        /// The band of the step score.
        public var band: ScoreBand
        /// A step id or an ending (`resolved`, `escalated`, `customer-left`).
        public var to: String
    }

    enum CodingKeys: String, CodingKey {
        case step, customer, mood, reply, score, branch
        case modelAnswer = "model_answer"
        case lookups
    }
}

/// An article the trainee opened during a scenario (open book).
public struct Lookup: Sendable, Codable, Hashable {
    /// The article id.
    public var article: String
    /// The step the trainee was on.
    public var step: String
}

/// The whole attempt: the debrief shown at the end and the value progress storage records.
public struct RolePlayAttempt: Sendable, Codable, Hashable {
    /// The scenario id.
    public var scenario: String
    /// The title.
    public var title: String
    /// Practice or certification.
    public var mode: RolePlayMode
    /// Every reply with its score, in order.
    public var steps: [StepResult]
    /// Competency id → 0-100 for the session.
    public var competencies: [String: Int]
    /// 0-100 over every point of the session.
    public var overall: Int
    /// How the conversation ended.
    public var outcome: Ending
    /// The scenario's pass mark.
    public var passMark: Int
    /// Whether the attempt passed: overall at or above the pass mark and no critical expectation missed.
    public var passed: Bool
    /// Why the attempt failed despite the total, when a critical expectation was missed.
    public var criticalMisses: [String]
    /// Articles opened during the attempt (open book).
    public var lookups: [Lookup]
    /// Articles to read: the scenario's, those behind contradicted facts, first.
    public var readingList: [String]
    /// Why the session ended the way it did, when it was not a step's branch (turn cap, no more replies).
    public var endReason: String?
    /// The customer's closing words for the ending, when the scenario has them.
    public var closing: String?

    enum CodingKeys: String, CodingKey {
        case scenario, title, mode, steps, competencies, overall, outcome, closing
        case passMark = "pass_mark"
        case passed
        case criticalMisses = "critical_misses"
        case lookups
        case readingList = "reading_list"
        case endReason = "end_reason"
    }
}

/// Drives one scenario step by step: the customer's line and mood, the trainee's replies, hints,
/// open-book lookups, and the debrief at the end.
///
/// ```swift
/// var session = RolePlaySession(scenario: scenario, mode: .practice)
/// while !session.isFinished {
///     print(session.customerLine ?? "", session.mood)
///     let result = session.submit(readReply())
///     for line in ReplyFeedback(result).lines { print(line.text) }
/// }
/// let attempt = session.debrief()
/// ```
public struct RolePlaySession: Sendable {
    /// The scenario.
    public let scenario: Scenario
    /// Practice or certification.
    public let mode: RolePlayMode
    private let scorer: ReplyScorer
    private var stepID: String?
    /// The customer's current mood.
    public private(set) var mood: Mood
    /// The results so far, in order.
    public private(set) var results: [StepResult] = []
    /// Every lookup so far.
    public private(set) var lookups: [Lookup] = []
    /// How the session ended, once it has.
    public private(set) var outcome: Ending?
    private var endReason: String?

    /// Starts a session at the scenario's first step.
    public init(
        scenario: Scenario, mode: RolePlayMode = .practice, analyzer: TextAnalyzer = TextAnalyzer(), behaviours: BehaviourLibrary = .empty
    ) {
        self.init(scenario: scenario, mode: mode, scorer: ReplyScorer(scenario: scenario, analyzer: analyzer, behaviours: behaviours))
    }

    /// Starts a session with an existing scorer (scorers precompile the rubric; reuse one per scenario).
    public init(scenario: Scenario, mode: RolePlayMode = .practice, scorer: ReplyScorer) {
        self.scenario = scenario
        self.mode = mode
        self.scorer = scorer
        stepID = scenario.firstStep?.id
        mood = scenario.firstStep?.mood ?? scenario.persona.mood
        if stepID == nil { outcome = .abandoned }
    }

    /// The step the customer is on, or `nil` when finished.
    public var currentStep: ScenarioStep? { stepID.flatMap(scenario.step(id:)) }

    /// What the customer says now, or `nil` when finished.
    public var customerLine: String? { currentStep?.customerLine }

    /// Whether the conversation has ended.
    public var isFinished: Bool { outcome != nil }

    /// Whether hints and per-reply feedback are shown (practice mode).
    public var showsFeedback: Bool { mode == .practice }

    /// What the current step expects, critical first; `nil` in certification mode or when finished.
    public func hint() -> String? {
        guard mode == .practice, let step = currentStep else { return nil }
        let items = step.expectations.sorted { $0.isCritical && !$1.isCritical }.map { expectation in
            (expectation.isCritical ? "must: " : "") + scorer.hint(for: expectation)
        }
        let facts = step.facts.map { "look up “\($0.topic)” in \($0.articleID) (/open \($0.articleID))" }
        return (items + facts).joined(separator: "; ")
    }

    /// Records that the trainee opened `articleID` during the current step.
    public mutating func recordLookup(articleID: String) {
        lookups.append(Lookup(article: articleID, step: stepID ?? ""))
    }

    /// Scores `reply` to the current step and moves the conversation along its branch.
    ///
    /// - Precondition: the session is not finished.
    @discardableResult
    public mutating func submit(_ reply: String) -> StepResult {
        guard let step = currentStep else {
            preconditionFailure("submit(_:) called on a finished session; check isFinished first")
        }
        let context = ReplyContext(
            previousReplies: results.map(\.reply),
            lookups: Set(lookups.filter { $0.step == step.id }.map(\.article)))
        let score = scorer.score(reply, at: step, context: context)
        let destination = step.destination(for: score.band, met: Set(score.metKeys)) ?? .ending(.customerLeft)
        let result = StepResult(
            step: step.id, customer: step.customerLine, mood: mood, reply: reply, score: score,
            branch: StepResult.Branch(band: score.band, to: destination.description), modelAnswer: step.modelAnswer,
            lookups: lookups.filter { $0.step == step.id }.map(\.article))
        results.append(result)
        switch score.band {
        case .good: mood = mood.calmer
        case .fair: break
        case .poor: mood = mood.angrier
        case .hostile: mood = mood.angrier.angrier
        }
        switch destination {
        case .ending(let ending):
            stepID = nil
            outcome = ending
            if ending == .resolved { mood = min(mood, .calm) }
        case .step(let next):
            guard let nextStep = scenario.step(id: next) else {
                stepID = nil
                outcome = .abandoned
                endReason = "branch to missing step '\(next)'"
                break
            }
            if results.count >= scenario.maxTurns {
                stepID = nil
                outcome = .customerLeft
                endReason = "turn limit of \(scenario.maxTurns) reached"
            } else {
                stepID = next
                if let explicit = nextStep.mood { mood = explicit }
            }
        }
        return result
    }

    /// The customer's closing words, once the conversation has reached an ending that has them.
    public var closingLine: ClosingLine? {
        guard let outcome, outcome != .abandoned else { return nil }
        return scenario.closings[outcome]
    }

    /// Ends the session early (the trainee quit or ran out of replies).
    public mutating func abandon(reason: String = "abandoned by the trainee") {
        guard outcome == nil else { return }
        stepID = nil
        outcome = .abandoned
        endReason = reason
    }

    /// The debrief: per-competency scores, overall, pass or fail, and what to read.
    public func debrief() -> RolePlayAttempt {
        var earned: [String: Double] = [:]
        var possible: [String: Double] = [:]
        for result in results {
            for (competency, points) in result.score.points { earned[competency, default: 0] += points }
            for (competency, points) in result.score.possible { possible[competency, default: 0] += points }
        }
        var competencies: [String: Int] = [:]
        for (competency, available) in possible {
            let value = available > 0 ? earned[competency, default: 0] / available * 100 : 0
            competencies[competency] = Int(min(100, max(0, value)).rounded())
        }
        let totalPossible = possible.values.reduce(0, +)
        let overall = totalPossible > 0 ? Int(min(100, max(0, earned.values.reduce(0, +) / totalPossible * 100)).rounded()) : 0
        let critical = results.flatMap { result in
            result.score.criticalMisses.map { "\(result.step): \($0.expectation)" }
        }
        let finalOutcome = outcome ?? .abandoned
        var reading: [String] = []
        for result in results {
            for fact in result.score.factsContradicted where !reading.contains(fact.article) { reading.append(fact.article) }
        }
        for article in scenario.articleIDs where !reading.contains(article) { reading.append(article) }
        return RolePlayAttempt(
            scenario: scenario.id, title: scenario.title, mode: mode, steps: results, competencies: competencies, overall: overall,
            outcome: finalOutcome, passMark: scenario.passMark,
            passed: overall >= scenario.passMark && critical.isEmpty && finalOutcome != .abandoned && finalOutcome != .customerLeft,
            criticalMisses: critical, lookups: lookups, readingList: reading,
            endReason: outcome == nil ? "session still running" : endReason,
            closing: closingLine?.text)
    }

    /// Moves the session to `stepID` without a reply (tests and trainers checking one step).
    mutating func jump(to stepID: String) {
        self.stepID = stepID
        outcome = nil
    }
}
