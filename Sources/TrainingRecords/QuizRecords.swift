import Foundation
import Progress
import Training

extension ReviewCard {
    /// The card the scheduler works with, from its stored form.
    public init(_ record: ReviewStateRecord) {
        self.init(
            stability: record.stability, difficulty: record.difficulty, due: record.dueAt, lastReview: record.lastReviewAt,
            reviewCount: record.reviewCount, lapseCount: record.lapseCount)
    }
}

extension ReviewStateRecord {
    /// The stored form of `card` for `questionID`.
    public init(questionID: String, card: ReviewCard) {
        self.init(
            questionID: questionID, stability: card.stability, difficulty: card.difficulty, dueAt: card.due,
            lastReviewAt: card.lastReview, reviewCount: card.reviewCount, lapseCount: card.lapseCount)
    }
}

extension ProgressStore {
    /// The scheduler cards of the store's trainee, by question id.
    public func reviewCards() throws(ProgressStoreError) -> [String: ReviewCard] {
        try reviewStates().mapValues(ReviewCard.init)
    }

    /// Records a graded quiz answer and the question's new schedule in one transaction.
    public func record(_ feedback: QuizFeedback, at date: Date) throws(ProgressStoreError) {
        let question = feedback.question
        try record(
            QuizAnswerRecord(
                questionID: question.id, competency: question.competency, articleID: question.articleID,
                response: feedback.answerText, isCorrect: feedback.isCorrect, rating: feedback.rating.rawValue, answeredAt: date),
            state: ReviewStateRecord(questionID: question.id, card: feedback.card))
    }
}
