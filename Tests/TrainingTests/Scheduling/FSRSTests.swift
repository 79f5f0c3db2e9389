import Foundation
import Testing

@testable import Training

/// Worked examples computed by hand from the FSRS-5 formulas with the default parameters.
@Suite struct FSRSTests {
    let scheduler = FSRSScheduler()
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let day: TimeInterval = 86_400

    @Test func initialDifficultyFollowsD0() {
        // D0(G) = w4 − e^(w5·(G−1)) + 1
        #expect(abs(scheduler.initialDifficulty(.again) - 7.1949) < 1e-9)
        #expect(abs(scheduler.initialDifficulty(.hard) - 6.488305) < 1e-6)
        #expect(abs(scheduler.initialDifficulty(.good) - 5.282434) < 1e-6)
        #expect(abs(scheduler.initialDifficulty(.easy) - 3.224502) < 1e-6)
    }

    @Test func retrievabilityIsNinetyPercentAfterStabilityDays() {
        #expect(abs(scheduler.retrievability(elapsedDays: 3.173, stability: 3.173) - 0.9) < 1e-12)
        #expect(abs(scheduler.retrievability(elapsedDays: 3, stability: 3.173) - 0.904698) < 1e-6)
        #expect(abs(scheduler.interval(forStability: 7.5) - 7.5) < 1e-9)
    }

    @Test func firstGoodAnswerComesBackInThreeDays() {
        let card = scheduler.review(nil, rating: .good, at: start)
        #expect(card.stability == 3.173)
        #expect(abs(card.difficulty - 5.282434) < 1e-6)
        #expect(card.due == start.addingTimeInterval(3 * Self.day))
        #expect(card.reviewCount == 1)
    }

    @Test func firstWrongAnswerComesBackInTenMinutes() {
        let card = scheduler.review(nil, rating: .again, at: start)
        #expect(card.stability == 0.40255)
        #expect(card.difficulty == 7.1949)
        #expect(card.due == start.addingTimeInterval(600))
    }

    @Test func goodReviewOnTheDueDayGrowsStabilityToAboutElevenDays() {
        let first = scheduler.review(nil, rating: .good, at: start)
        let second = scheduler.review(first, rating: .good, at: start.addingTimeInterval(3 * Self.day))
        // S' = S·(1 + e^w8·(11−D)·S^−w9·(e^(w10·(1−R)) − 1)) with R = 0.904698
        #expect(abs(second.stability - 10.738926) < 1e-5)
        // D' = w7·D0(4) + (1−w7)·D for a Good answer
        #expect(abs(second.difficulty - 5.272968) < 1e-6)
        #expect(second.due == start.addingTimeInterval((3 + 11) * Self.day))
        #expect(second.reviewCount == 2)
        #expect(second.lapseCount == 0)
    }

    @Test func hardAndEasyReviewsScaleTheGain() {
        let first = scheduler.review(nil, rating: .good, at: start)
        let later = start.addingTimeInterval(3 * Self.day)
        let hard = scheduler.review(first, rating: .hard, at: later)
        let easy = scheduler.review(first, rating: .easy, at: later)
        #expect(abs(hard.stability - 4.924512) < 1e-5)
        #expect(abs(hard.difficulty - 6.034950) < 1e-6)
        #expect(abs(easy.stability - 25.793605) < 1e-5)
        #expect(abs(easy.difficulty - 4.510986) < 1e-6)
    }

    @Test func forgettingAfterTenDaysUsesTheLapseFormula() {
        let first = scheduler.review(nil, rating: .good, at: start)
        let lapse = scheduler.review(first, rating: .again, at: start.addingTimeInterval(10 * Self.day))
        // R(10, 3.173) = 0.758259; S' = min(w11·D^−w12·((S+1)^w13 − 1)·e^(w14·(1−R)), S/e^(w17·w18))
        #expect(abs(lapse.stability - 1.471762) < 1e-5)
        #expect(abs(lapse.difficulty - 6.796933) < 1e-6)
        #expect(lapse.lapseCount == 1)
        #expect(lapse.due == start.addingTimeInterval(10 * Self.day + 600))
    }

    @Test func sameDayReviewUsesTheShortTermFormula() {
        let first = scheduler.review(nil, rating: .good, at: start)
        let again = scheduler.review(first, rating: .good, at: start.addingTimeInterval(3_600))
        // S' = S·e^(w17·(G − 3 + w18))
        #expect(abs(again.stability - 4.466858) < 1e-5)
        let wrong = scheduler.review(first, rating: .again, at: start.addingTimeInterval(3_600))
        #expect(abs(wrong.stability - 1.589764) < 1e-5)
    }

    @Test func intervalsNeverExceedTheMaximum() {
        let capped = FSRSScheduler(maximumInterval: 30)
        #expect(capped.intervalDays(forStability: 500) == 30)
        #expect(capped.intervalDays(forStability: 0.2) == 1)
    }
}
