import Foundation

/// How well a trainee recalled an answer, in FSRS's four grades.
public enum ReviewRating: Int, Sendable, Hashable, CaseIterable, Codable {
    /// Forgotten: the answer was wrong.
    case again = 1
    /// Recalled with difficulty: right, but only thanks to a forgiven typo.
    case hard = 2
    /// Recalled: right.
    case good = 3
    /// Recalled effortlessly (not produced by quizzes today; kept for completeness of the model).
    case easy = 4
}

/// What the scheduler remembers about one question for one trainee.
public struct ReviewCard: Sendable, Hashable, Codable {
    /// Days after which the probability of recall falls to 90%.
    public var stability: Double
    /// How hard the question is for this trainee, 1 to 10.
    public var difficulty: Double
    /// When the question should come back.
    public var due: Date
    /// When it was last answered.
    public var lastReview: Date
    /// Answers so far.
    public var reviewCount: Int
    /// Times it was forgotten after a first review.
    public var lapseCount: Int

    public init(stability: Double, difficulty: Double, due: Date, lastReview: Date, reviewCount: Int, lapseCount: Int) {
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
        self.reviewCount = reviewCount
        self.lapseCount = lapseCount
    }

    /// Whether the question is due at `date`.
    public func isDue(at date: Date) -> Bool { due <= date }
}

/// The FSRS-5 spaced-repetition scheduler (Free Spaced Repetition Scheduler, version 5, as used by
/// Anki 24.11 and py-fsrs 4), with its published default parameters.
///
/// The memory model, with `t` days elapsed, `S` stability, `D` difficulty and grade `G` (1-4):
/// - retrievability `R(t, S) = (1 + F·t/S)^C`, with `C = -0.5` and `F = 19/81` (so `R(S, S) = 0.9`);
/// - next interval `I = S/F · (r^(1/C) − 1)` for the desired retention `r` (with `r = 0.9`, `I = S`);
/// - first review: `S₀(G) = w[G−1]`, `D₀(G) = w4 − e^(w5·(G−1)) + 1`;
/// - difficulty: `D' = D + (−w6·(G−3))·(10−D)/9`, then `D'' = w7·D₀(4) + (1−w7)·D'`, clamped to 1…10;
/// - recalled (G ≥ 2): `S' = S·(1 + e^w8·(11−D)·S^(−w9)·(e^(w10·(1−R)) − 1)·h·b)`, with `h = w15` for
///   Hard and `b = w16` for Easy (else 1);
/// - forgotten (G = 1): `S' = min(w11·D^(−w12)·((S+1)^w13 − 1)·e^(w14·(1−R)), S / e^(w17·w18))`;
/// - reviewed again the same day (t < 1): `S' = S·e^(w17·(G − 3 + w18))`.
///
/// Intervals are whole days (at least one); a forgotten question comes back after
/// ``relearningDelay`` so that the next session asks it again. There is no random fuzz, so schedules
/// are reproducible.
public struct FSRSScheduler: Sendable {
    /// FSRS-5's default parameters `w0…w18`, fitted by the FSRS authors on Anki review logs.
    public static let defaultParameters: [Double] = [
        0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
        1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
    ]
    /// The forgetting curve's exponent.
    public static let decay = -0.5
    /// Chosen so that recall probability is 90% after `S` days: `0.9^(1/decay) − 1 = 19/81`.
    public static let factor = 19.0 / 81.0

    /// The weights `w0…w18`.
    public let w: [Double]
    /// The probability of recall at which a question is due (0.9 by default).
    public let desiredRetention: Double
    /// The longest interval, in days.
    public let maximumInterval: Int
    /// How long a forgotten question waits before it is due again.
    public let relearningDelay: TimeInterval

    public init(
        parameters: [Double] = FSRSScheduler.defaultParameters, desiredRetention: Double = 0.9,
        maximumInterval: Int = 36_500, relearningDelay: TimeInterval = 10 * 60
    ) {
        precondition(parameters.count == 19, "FSRS-5 takes 19 parameters")
        w = parameters
        self.desiredRetention = desiredRetention
        self.maximumInterval = maximumInterval
        self.relearningDelay = relearningDelay
    }

    /// The probability of recalling a question of stability `stability` after `elapsedDays`.
    public func retrievability(elapsedDays: Double, stability: Double) -> Double {
        pow(1 + Self.factor * max(0, elapsedDays) / stability, Self.decay)
    }

    /// The probability that the trainee still recalls `card` at `date`.
    public func retrievability(of card: ReviewCard, at date: Date) -> Double {
        retrievability(elapsedDays: date.timeIntervalSince(card.lastReview) / 86_400, stability: card.stability)
    }

    /// The interval in days after which recall falls to ``desiredRetention``, unrounded.
    public func interval(forStability stability: Double) -> Double {
        stability / Self.factor * (pow(desiredRetention, 1 / Self.decay) - 1)
    }

    /// Stability after the first review with `rating`.
    public func initialStability(_ rating: ReviewRating) -> Double { max(w[rating.rawValue - 1], 0.1) }

    /// Difficulty after the first review with `rating`, unclamped (the formula the mean reversion targets).
    func rawInitialDifficulty(_ rating: ReviewRating) -> Double {
        w[4] - exp(w[5] * Double(rating.rawValue - 1)) + 1
    }

    /// Difficulty after the first review with `rating`, clamped to 1…10.
    public func initialDifficulty(_ rating: ReviewRating) -> Double { Self.clampDifficulty(rawInitialDifficulty(rating)) }

    /// Difficulty after reviewing a question of difficulty `difficulty` with `rating`.
    public func nextDifficulty(_ difficulty: Double, rating: ReviewRating) -> Double {
        let delta = -w[6] * Double(rating.rawValue - 3)
        let damped = difficulty + delta * (10 - difficulty) / 9
        let reverted = w[7] * rawInitialDifficulty(.easy) + (1 - w[7]) * damped
        return Self.clampDifficulty(reverted)
    }

    /// Stability after a successful recall (Hard, Good or Easy) at retrievability `r`.
    public func recallStability(difficulty d: Double, stability s: Double, retrievability r: Double, rating: ReviewRating)
        -> Double
    {
        let hardPenalty = rating == .hard ? w[15] : 1
        let easyBonus = rating == .easy ? w[16] : 1
        return s * (1 + exp(w[8]) * (11 - d) * pow(s, -w[9]) * (exp(w[10] * (1 - r)) - 1) * hardPenalty * easyBonus)
    }

    /// Stability after forgetting at retrievability `r`.
    public func forgetStability(difficulty d: Double, stability s: Double, retrievability r: Double) -> Double {
        let longTerm = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * exp(w[14] * (1 - r))
        let shortTermCap = s / exp(w[17] * w[18])
        return min(longTerm, shortTermCap)
    }

    /// Stability after a second review on the same day.
    public func sameDayStability(_ s: Double, rating: ReviewRating) -> Double {
        s * exp(w[17] * (Double(rating.rawValue) - 3 + w[18]))
    }

    /// The card after answering it with `rating` at `now`; `card` is `nil` for a question never answered.
    public func review(_ card: ReviewCard?, rating: ReviewRating, at now: Date) -> ReviewCard {
        guard let card else {
            let stability = initialStability(rating)
            return ReviewCard(
                stability: stability, difficulty: initialDifficulty(rating), due: due(after: stability, rating: rating, at: now),
                lastReview: now, reviewCount: 1, lapseCount: 0)
        }
        let elapsedDays = now.timeIntervalSince(card.lastReview) / 86_400
        let stability: Double
        if elapsedDays < 1 {
            stability = sameDayStability(card.stability, rating: rating)
        } else {
            let r = retrievability(elapsedDays: elapsedDays, stability: card.stability)
            stability =
                rating == .again
                ? forgetStability(difficulty: card.difficulty, stability: card.stability, retrievability: r)
                : recallStability(difficulty: card.difficulty, stability: card.stability, retrievability: r, rating: rating)
        }
        let clampedStability = min(max(stability, 0.1), Double(maximumInterval))
        return ReviewCard(
            stability: clampedStability, difficulty: nextDifficulty(card.difficulty, rating: rating),
            due: due(after: clampedStability, rating: rating, at: now), lastReview: now, reviewCount: card.reviewCount + 1,
            lapseCount: card.lapseCount + (rating == .again ? 1 : 0))
    }

    /// Whole days until the next review for `stability`: rounded, at least 1, at most ``maximumInterval``.
    public func intervalDays(forStability stability: Double) -> Int {
        min(maximumInterval, max(1, Int(interval(forStability: stability).rounded())))
    }

    private func due(after stability: Double, rating: ReviewRating, at now: Date) -> Date {
        if rating == .again { return now.addingTimeInterval(relearningDelay) }
        return now.addingTimeInterval(Double(intervalDays(forStability: stability)) * 86_400)
    }

    private static func clampDifficulty(_ d: Double) -> Double { min(10, max(1, d)) }
}
