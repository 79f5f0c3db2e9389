import Foundation

/// One answer a trainee gave to one quiz question, as stored.
public struct QuizAnswerRecord: Sendable, Hashable, Codable {
    /// The question's stable id (from the quiz file, or derived for generated questions).
    public var questionID: String
    /// The competency the question trains (an id of the competency framework).
    public var competency: String
    /// The knowledge-base article that answers the question.
    public var articleID: String?
    /// What the trainee answered, as typed or chosen.
    public var response: String
    /// Whether the answer was accepted.
    public var isCorrect: Bool
    /// The scheduler's grade for the answer: 1 again, 2 hard, 3 good, 4 easy.
    public var rating: Int
    /// When the answer was given.
    public var answeredAt: Date

    public init(
        questionID: String, competency: String, articleID: String?, response: String, isCorrect: Bool, rating: Int,
        answeredAt: Date
    ) {
        self.questionID = questionID
        self.competency = competency
        self.articleID = articleID
        self.response = response
        self.isCorrect = isCorrect
        self.rating = rating
        self.answeredAt = answeredAt
    }
}

/// The scheduler's memory of one question for one trainee (FSRS stability and difficulty, the due date).
///
/// Progress stores it without interpreting it; the Training module's scheduler computes it.
public struct ReviewStateRecord: Sendable, Hashable, Codable {
    /// The question this state belongs to.
    public var questionID: String
    /// Days until recall probability falls to 90%.
    public var stability: Double
    /// 1 (easy) to 10 (hard).
    public var difficulty: Double
    /// When the question is next due.
    public var dueAt: Date
    /// When it was last reviewed.
    public var lastReviewAt: Date
    /// How many times it was reviewed.
    public var reviewCount: Int
    /// How many times it was forgotten after having been learnt.
    public var lapseCount: Int

    public init(
        questionID: String, stability: Double, difficulty: Double, dueAt: Date, lastReviewAt: Date, reviewCount: Int,
        lapseCount: Int
    ) {
        self.questionID = questionID
        self.stability = stability
        self.difficulty = difficulty
        self.dueAt = dueAt
        self.lastReviewAt = lastReviewAt
        self.reviewCount = reviewCount
        self.lapseCount = lapseCount
    }
}

/// One role-play attempt: what happened, how it scored, and the whole conversation.
public struct RolePlayAttemptRecord: Sendable, Hashable, Codable {
    /// How an attempt ended.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The trainee reached an ending of the scenario.
        case finished
        /// The trainee left before an ending; the scores cover the steps played.
        case abandoned
    }

    /// One line of the conversation.
    public struct Turn: Sendable, Hashable, Codable {
        /// Who spoke: `customer`, `agent`, or `coach` for feedback lines.
        public var speaker: String
        /// What was said.
        public var text: String
        /// The scenario step the line belongs to, when known.
        public var stepID: String?

        public init(speaker: String, text: String, stepID: String? = nil) {
            self.speaker = speaker
            self.text = text
            self.stepID = stepID
        }
    }

    /// The score of one step of the scenario.
    public struct StepScore: Sendable, Hashable, Codable {
        /// The scenario step id.
        public var stepID: String
        /// 0 (nothing right) to 1 (everything expected).
        public var score: Double

        public init(stepID: String, score: Double) {
            self.stepID = stepID
            self.score = score
        }
    }

    /// The database row id; `nil` until recorded.
    public var id: Int64?
    /// The scenario played.
    public var scenarioID: String
    /// How it was played (for example `practice` or `exam`); free text chosen by the role-play engine.
    public var mode: String
    /// The ending reached (an ending id or name), or `nil` when abandoned.
    public var outcome: String?
    /// The overall score, 0 to 1.
    public var overall: Double
    /// Scores per competency id, 0 to 1.
    public var competencyScores: [String: Double]
    /// Scores per step, in the order played.
    public var stepScores: [StepScore]
    /// The conversation, in order.
    public var transcript: [Turn]
    /// Whether the attempt reached an ending.
    public var status: Status
    /// When the attempt began.
    public var startedAt: Date
    /// When it ended (finished or abandoned).
    public var endedAt: Date
    /// Whether a certification attempt passed; `nil` for practice (which is not graded pass or fail).
    public var passed: Bool?

    public init(
        id: Int64? = nil, scenarioID: String, mode: String, outcome: String?, overall: Double,
        competencyScores: [String: Double], stepScores: [StepScore], transcript: [Turn], status: Status,
        startedAt: Date, endedAt: Date, passed: Bool? = nil
    ) {
        self.passed = passed
        self.id = id
        self.scenarioID = scenarioID
        self.mode = mode
        self.outcome = outcome
        self.overall = overall
        self.competencyScores = competencyScores
        self.stepScores = stepScores
        self.transcript = transcript
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
