import Foundation

/// What an article is for. Comes from front matter `type:`, else the folder name, else ``article``.
public enum ArticleKind: String, Sendable, Hashable, CaseIterable, Codable {
    case product
    case policy
    case script
    case faq
    case procedure
    case scenario
    case quiz
    case competencies
    case synonyms
    /// The shared library of competency behaviours and tone red flags the reply scorer matches.
    case behaviours
    /// The paraphrase lexicon of the reply scorer: expressions that mean the same in a reply.
    case paraphrases
    /// Replies graded by hand, against which the reply scorer is calibrated.
    case calibration
    case article

    /// Whether the kind is knowledge an agent looks up (as opposed to training material or configuration).
    public var isKnowledge: Bool {
        switch self {
        case .product, .policy, .script, .faq, .procedure, .article: true
        case .scenario, .quiz, .competencies, .synonyms, .behaviours, .paraphrases, .calibration: false
        }
    }

    /// The singular used in summaries ("1 policy", "1 competency framework").
    public var singular: String {
        switch self {
        case .faq: "FAQ"
        case .competencies: "competency framework"
        case .synonyms: "synonym list"
        case .behaviours: "behaviour library"
        case .paraphrases: "paraphrase lexicon"
        case .calibration: "calibration set"
        default: rawValue
        }
    }

    /// The plural used in summaries ("25 policies").
    public var plural: String {
        switch self {
        case .policy: "policies"
        case .faq: "FAQs"
        case .quiz: "quizzes"
        case .competencies: "competency frameworks"
        case .synonyms: "synonym lists"
        case .behaviours: "behaviour libraries"
        case .paraphrases: "paraphrase lexicons"
        case .calibration: "calibration sets"
        default: rawValue + "s"
        }
    }

    /// The kind a folder name implies (`policies` → ``policy``), or `nil`.
    public init?(folderName: String) {
        let name = folderName.lowercased()
        let aliases: [String: ArticleKind] = [
            "products": .product, "product": .product,
            "policies": .policy, "policy": .policy,
            "scripts": .script, "script": .script,
            "faq": .faq, "faqs": .faq,
            "procedures": .procedure, "procedure": .procedure, "how-to": .procedure,
            "scenarios": .scenario, "scenario": .scenario,
            "quizzes": .quiz, "quiz": .quiz,
            "calibration": .calibration,
        ]
        guard let kind = aliases[name] else { return nil }
        self = kind
    }

    /// The kind a front matter `type:` value names, accepting singular and plural spellings.
    public init?(typeName: String) {
        let name = typeName.lowercased().trimmed
        if let kind = ArticleKind(rawValue: name) {
            self = kind
        } else if let kind = ArticleKind(folderName: name) {
            self = kind
        } else if name == "competency" || name == "competency-framework" {
            self = .competencies
        } else if name == "synonym" {
            self = .synonyms
        } else if name == "behaviour" || name == "behavior" || name == "behaviors" {
            self = .behaviours
        } else if name == "paraphrase" {
            self = .paraphrases
        } else {
            return nil
        }
    }
}
