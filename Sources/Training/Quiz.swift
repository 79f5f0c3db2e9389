import KnowledgeBase

/// One quiz question, hand-written in a quiz file or generated from a fact marked in an article.
public struct QuizQuestion: Sendable, Hashable, Identifiable {
    /// What kind of answer a question expects, with the correct answer.
    public enum Kind: Sendable, Hashable {
        /// Pick one option; `correct` is its index.
        case singleChoice(options: [String], correct: Int)
        /// Pick every option that applies; `correct` holds their indices.
        case multipleChoice(options: [String], correct: Set<Int>)
        /// A statement that is true or false.
        case trueFalse(answer: Bool)
        /// Put steps in order; `steps` is the correct order.
        case ordering(steps: [String])
        /// Type a short answer; any of `accepted` counts, small typos too when `allowsTypos`.
        case shortAnswer(accepted: [String], allowsTypos: Bool)

        /// The name used in files and JSON: `single`, `multiple`, `true-false`, `order`, `short`.
        public var name: String {
            switch self {
            case .singleChoice: "single"
            case .multipleChoice: "multiple"
            case .trueFalse: "true-false"
            case .ordering: "order"
            case .shortAnswer: "short"
            }
        }
    }

    /// Where a question comes from.
    public enum Origin: Sendable, Hashable {
        /// Written in a quiz file, at `path` (relative to the content folder) and `line`.
        case quizFile(path: String, line: Int)
        /// Generated from a `{{fact}}` in an article, at `path` and `line`.
        case markedFact(path: String, line: Int)
    }

    /// The stable id: written in the quiz file, or derived from article id and answer for generated questions.
    public var id: String
    /// The kind of answer expected, with the right answer.
    public var kind: Kind
    /// The question as shown to the trainee.
    public var prompt: String
    /// The competency id the question trains.
    public var competency: String
    /// The id of the knowledge-base article that answers the question.
    public var articleID: String
    /// Shown after answering, with a link to the article.
    public var explanation: String
    /// The file and line the question comes from.
    public var origin: Origin
    /// The id of the quiz file (or of the article, for generated questions), for topic selection.
    public var sourceID: String
    /// Extra words a topic can match (quiz and article tags).
    public var topics: [String]

    public init(
        id: String, kind: Kind, prompt: String, competency: String, articleID: String, explanation: String, origin: Origin,
        sourceID: String, topics: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.prompt = prompt
        self.competency = competency
        self.articleID = articleID
        self.explanation = explanation
        self.origin = origin
        self.sourceID = sourceID
        self.topics = topics
    }

    /// Whether the question was generated from a marked fact.
    public var isGenerated: Bool {
        if case .markedFact = origin { return true }
        return false
    }

    /// The correct answer in words, as shown after a wrong answer.
    public var correctAnswerText: String {
        switch kind {
        case .singleChoice(let options, let correct): options[correct]
        case .multipleChoice(let options, let correct): correct.sorted().map { options[$0] }.joined(separator: "; ")
        case .trueFalse(let answer): answer ? "true" : "false"
        case .ordering(let steps): steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "  ")
        case .shortAnswer(let accepted, _): accepted.first ?? ""
        }
    }
}
