import KnowledgeBase

/// A role-play scenario: a simulated customer, the steps of the conversation and how replies are scored.
public struct Scenario: Sendable, Identifiable {
    /// Stable identifier (front matter `id`, else derived from the path).
    public var id: String
    /// The title.
    public var title: String
    /// How the customer reaches us.
    public var channel: Channel
    /// How hard the scenario is.
    public var difficulty: Difficulty
    /// The competencies the scenario trains (front matter `competencies`).
    public var competencies: [String]
    /// The simulated customer.
    public var persona: Persona
    /// Knowledge-base articles the scenario draws on (front matter `articles`): the debrief's reading list.
    public var articleIDs: [String]
    /// The overall score (0-100) needed to pass in certification mode.
    public var passMark: Int
    /// The most customer turns a session runs before the customer gives up.
    public var maxTurns: Int
    /// The briefing shown to the trainee before the first customer line (text under the `#` title).
    public var briefing: String
    /// The steps in file order; the first is where the conversation starts.
    public var steps: [ScenarioStep]
    /// The file's path relative to the content folder.
    public var path: String
    /// What the customer says as the conversation ends, per ending (`## resolved`, `## escalated`,
    /// `## customer-left` sections); an ending without one closes in silence.
    public var closings: [Ending: ClosingLine] = [:]

    /// The default pass mark when the front matter gives none.
    public static let defaultPassMark = 80
    /// The default turn cap when the front matter gives none.
    public static let defaultMaxTurns = 12

    /// The step with `id`, if any.
    public func step(id: String) -> ScenarioStep? { steps.first { $0.id == id } }

    /// The first step.
    public var firstStep: ScenarioStep? { steps.first }
}

/// The customer's last words when a conversation reaches an ending.
public struct ClosingLine: Sendable, Hashable, Codable {
    /// What the customer says.
    public var text: String
    /// The customer's mood as they say it, when the section gives one.
    public var mood: Mood?
    /// The line of the section's heading.
    public var line: Int
}

/// How the customer reaches us.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case phone, chat, email, social
}

/// How hard a scenario is.
public enum Difficulty: String, Sendable, Codable, CaseIterable, Comparable {
    case beginner, intermediate, advanced

    private var rank: Int { Difficulty.allCases.firstIndex(of: self) ?? 0 }

    /// Orders from the first case to the last.
    public static func < (lhs: Difficulty, rhs: Difficulty) -> Bool { lhs.rank < rhs.rank }
}

/// The customer's state of mind, from pleased to furious.
public enum Mood: String, Sendable, Codable, CaseIterable, Comparable {
    case pleased, calm, concerned, annoyed, angry, furious

    private var rank: Int { Mood.allCases.firstIndex(of: self) ?? 0 }

    /// Orders from the first case to the last.
    public static func < (lhs: Mood, rhs: Mood) -> Bool { lhs.rank < rhs.rank }

    /// One step calmer (towards ``pleased``).
    public var calmer: Mood { Mood.allCases[max(0, rank - 1)] }
    /// One step angrier (towards ``furious``).
    public var angrier: Mood { Mood.allCases[min(Mood.allCases.count - 1, rank + 1)] }
}

/// The simulated customer.
public struct Persona: Sendable, Codable, Hashable {
    /// The customer's full name ("Priya Nair"); replies that use it earn personalisation credit.
    public var name: String
    /// What the trainee knows before the call starts.
    public var situation: String
    /// The customer's starting mood.
    public var mood: Mood

    /// The first word of ``name``.
    public var firstName: String { name.split(separator: " ").first.map(String.init) ?? name }
    /// The last word of ``name`` (for "Ms Nair").
    public var lastName: String { name.split(separator: " ").last.map(String.init) ?? name }
}

/// One customer turn and the rubric for the reply to it.
public struct ScenarioStep: Sendable, Identifiable {
    /// The step id: the `##` heading.
    public var id: String
    /// What the customer says.
    public var customerLine: String
    /// The customer's mood when saying it, when the trainer gave one (`Customer (angry): ...`).
    public var mood: Mood?
    /// What the reply should contain.
    public var expectations: [Expectation]
    /// Phrases that cost points in this step.
    public var redFlags: [RedFlagRule]
    /// Policy figures checked in this step.
    public var facts: [PolicyFact]
    /// Where the conversation goes for each score band.
    public var branches: [ScoreBand: Destination]
    /// Branches that depend on what the reply did (`- then missed [offer]: no-offer`), tried in file
    /// order before the score bands; a hostile reply still takes the hostile branch first.
    public var conditionalBranches: [ConditionalBranch] = []
    /// The reply a good agent would give, shown after the step.
    public var modelAnswer: String
    /// Other good replies to the step in other words (`- alternative: ...`): a reply covers what a
    /// full answer covers when it shares enough with any one of them or with the model answer.
    public var alternativeAnswers: [String] = []
    /// The file line of each alternative, for diagnostics.
    var alternativeLines: [Int] = []
    /// The file line of the step's heading.
    public var line: Int
    /// The file line of each branch, for diagnostics.
    var branchLines: [ScoreBand: Int] = [:]
    /// The file line of the customer line.
    var customerLineNumber: Int = 0

    /// Where a reply leads: the hostile branch for a hostile reply, else the first conditional branch
    /// whose condition the met expectations satisfy, else the band's branch.
    public func destination(for band: ScoreBand, met: Set<String>) -> Destination? {
        if band == .hostile, let destination = branches[.hostile] { return destination }
        for branch in conditionalBranches where met.contains(branch.expectation) == branch.whenMet {
            return branch.destination
        }
        return destination(for: band)
    }

    /// Where a reply in `band` leads: the band's branch, else the nearest milder band's (a hostile reply
    /// falls back to the poor branch).
    public func destination(for band: ScoreBand) -> Destination? {
        if let destination = branches[band] { return destination }
        if band == .hostile { return branches[.poor] }
        return nil
    }
}

/// What a reply should contain: met by any of its evidence phrases.
public struct Expectation: Sendable, Hashable {
    /// The competency the points go to.
    public var competency: String
    /// Points for meeting it (1-5).
    public var weight: Int
    /// What the trainee should do, shown as the hint and as the miss.
    public var description: String
    /// Phrases that show the expectation is met, matched through the shared text analysis.
    public var phrases: [String]
    /// Whether missing it fails the attempt whatever the total.
    public var isCritical: Bool
    /// The file line.
    public var line: Int
    /// Behaviours from the library (`@apology`) that also meet it.
    public var behaviours: [String] = []
    /// The key branches name it by (`[offer]`), if any.
    public var key: String? = nil
}

/// A branch taken when an expectation was met, or missed: `- then missed [offer]: no-offer`.
public struct ConditionalBranch: Sendable, Hashable {
    /// The key of the expectation it tests.
    public var expectation: String
    /// Whether the branch is taken when the expectation was met (`met`) or when it was not (`missed`).
    public var whenMet: Bool
    /// Where it leads.
    public var destination: Destination
    /// The file line.
    public var line: Int
}

/// A phrase that costs points when a reply contains it (not negated).
public struct RedFlagRule: Sendable, Hashable {
    /// The competency id.
    public var competency: String
    /// Points taken away.
    public var penalty: Int
    /// Why it is a problem, shown to the trainee.
    public var reason: String
    /// The phrases, as written.
    public var phrases: [String]
    /// The file line.
    public var line: Int
}

/// A policy figure a reply may state, linked to the article that is the source of truth.
public struct PolicyFact: Sendable, Hashable {
    /// The knowledge-base article that states the figure.
    public var articleID: String
    /// What the figure is about ("change-of-mind return window"); a contradicting figure must appear in a
    /// sentence that shares a word with it.
    public var topic: String
    /// The figure as written ("30 days", "$4.99", "2 business days").
    public var figure: String
    /// Points to policy accuracy for stating it (0: only contradictions are checked).
    public var weight: Int
    /// The file line.
    public var line: Int
    /// The article's sentence stating the figure, filled in when the scenario is loaded with its
    /// knowledge base; quoted when a reply contradicts the figure.
    public var quote: String = ""
}

/// How well a reply scored, which decides where the conversation goes.
public enum ScoreBand: String, Sendable, Codable, CaseIterable, Hashable {
    /// 70 and above.
    case good
    /// 40 to 69.
    case fair
    /// Below 40.
    case poor
    /// Below 40 with a red flag (blame, dismissal, sarcasm, shouting, a step's own flag).
    case hostile

    /// The band of a step score.
    public static func of(score: Double, hasRedFlag: Bool) -> ScoreBand {
        if score >= 70 { return .good }
        if score >= 40 { return .fair }
        return hasRedFlag ? .hostile : .poor
    }
}

/// How a conversation ends.
public enum Ending: String, Sendable, Codable, CaseIterable {
    case resolved
    case escalated
    case customerLeft = "customer-left"
    /// The trainee stopped (or ran out of replies) before an ending.
    case abandoned
}

/// Where a branch leads: another step or an ending.
public enum Destination: Sendable, Hashable, CustomStringConvertible {
    case step(String)
    case ending(Ending)

    /// Parses `resolved`, `escalated`, `customer-left`, or a step id.
    init(_ text: String) {
        if let ending = Ending(rawValue: text), ending != .abandoned {
            self = .ending(ending)
        } else {
            self = .step(text)
        }
    }

    /// The step id or the ending's name.
    public var description: String {
        switch self {
        case .step(let id): id
        case .ending(let ending): ending.rawValue
        }
    }
}
