/// The score of one reply: every point given or taken, each traceable to a phrase of the reply.
public struct ReplyScore: Sendable, Codable, Hashable {
    /// Points earned per competency (after penalties; may be negative).
    public var points: [String: Double] = [:]
    /// Points available per competency in this step.
    public var possible: [String: Double] = [:]
    /// The step score, 0-100: earned over available, all competencies together.
    public var score: Double = 0
    /// The band the score falls in, which picks the branch.
    public var band: ScoreBand = .poor
    /// Expectations met, with the words of the reply that met them.
    public var evidence: [Evidence] = []
    /// Expectations not met, with a hint.
    public var misses: [Miss] = []
    /// Phrases that cost points.
    public var redFlags: [RedFlag] = []
    /// Figures that contradict the policy, quoting the article.
    public var factsContradicted: [FactCheck] = []
    /// Figures stated correctly.
    public var factsStated: [FactCheck] = []
    /// Other explanations: keyword stuffing, repetition, open-book credit.
    public var notes: [String] = []
    /// The keys of the expectations met (`[offer]`), which conditional branches test.
    public var metKeys: [String] = []

    /// Creates an empty value.
    public init() {}

    /// The critical expectations missed (they fail the attempt).
    public var criticalMisses: [Miss] { misses.filter(\.isCritical) }

    /// Adds `amount` earned points to `competency`.
    mutating func earn(_ amount: Double, _ competency: String) { points[competency, default: 0] += amount }

    /// Adds `amount` available points to `competency`.
    mutating func offer(_ amount: Double, _ competency: String) {
        possible[competency, default: 0] += amount
        if points[competency] == nil { points[competency] = 0 }
    }

    enum CodingKeys: String, CodingKey {
        case points, possible, score, band, evidence, misses
        case redFlags = "red_flags"
        case factsContradicted = "facts_contradicted"
        case factsStated = "facts_stated"
        case notes
        case metKeys = "met_keys"
    }
}

/// An expectation met, and the words that met it.
public struct Evidence: Sendable, Codable, Hashable {
    /// The competency id.
    public var competency: String
    /// What the trainee did (the expectation's description).
    public var expectation: String
    /// The words of the reply that matched.
    public var matched: String
    /// The rubric phrase they matched.
    public var phrase: String
    /// `exact`, `typo` or `synonym`.
    public var match: String
    /// The points involved.
    public var points: Double
}

/// An expectation not met.
public struct Miss: Sendable, Codable, Hashable {
    /// The competency id.
    public var competency: String
    /// The expectation's description.
    public var expectation: String
    /// What to do next time: the behaviour described in plain words.
    public var hint: String
    /// Whether missing it fails the attempt.
    public var isCritical: Bool
    /// The words that would have met it but were negated ("I can't offer a refund"), if any.
    public var negated: String?
    /// The points involved.
    public var points: Double

    enum CodingKeys: String, CodingKey {
        case competency, expectation, hint
        case isCritical = "critical"
        case negated, points
    }
}

/// A phrase or habit that cost points.
public struct RedFlag: Sendable, Codable, Hashable {
    /// The competency id.
    public var competency: String
    /// Why it costs points.
    public var reason: String
    /// The words of the reply.
    public var matched: String
    /// Points taken away.
    public var penalty: Double
}

/// A policy figure found in a reply.
public struct FactCheck: Sendable, Codable, Hashable {
    /// The article that is the source of truth.
    public var article: String
    /// What the figure is about.
    public var topic: String
    /// The figure the policy states.
    public var expected: String
    /// The figure the reply stated.
    public var stated: String
    /// The sentence of the article that states the figure.
    public var quote: String
}
