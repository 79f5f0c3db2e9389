import Foundation

/// What a trainee's records say: per-competency levels and trends, quiz retention, scenarios, weak spots.
///
/// Levels blend the two kinds of evidence: the share of the last ``recentAnswers`` quiz answers of a
/// competency that were right, and the mean of the last ``recentAttempts`` role-play scores for it;
/// when both exist each counts half, unless the competency is shown in behaviour, where role-plays
/// weigh more (`rolePlayWeights`, from the competency framework).
public struct ProgressSummary: Sendable, Hashable, Codable {
    /// How many recent quiz answers per competency count toward its level.
    public static let recentAnswers = 20
    /// How many recent role-play scores per competency count toward its level.
    public static let recentAttempts = 5

    /// One competency's standing.
    public struct Competency: Sendable, Hashable, Codable {
        /// The competency id (or scenario id).
        public var id: String
        /// 0 to 1.
        public var level: Double
        /// The share of recent quiz answers that were right, if any.
        public var quizAccuracy: Double?
        /// Quiz answers on the competency.
        public var quizAnswers: Int
        /// The mean recent role-play score, if any.
        public var rolePlayScore: Double?
        /// Role-play attempts that scored the competency.
        public var rolePlayAttempts: Int
        /// The level at the end of each of the last active days, oldest first.
        public var trend: [Double]
        /// The article whose questions of this competency were missed most often, if any.
        public var mostMissedArticle: String?

        /// Whether there is enough evidence to call a level: five quiz answers, two role-plays, or
        /// three answers and a role-play. One right answer is not "strong".
        public var hasEnoughEvidence: Bool {
            quizAnswers >= 5 || rolePlayAttempts >= 2 || (quizAnswers >= 3 && rolePlayAttempts >= 1)
        }
    }

    /// One scenario's attempts.
    public struct Scenario: Sendable, Hashable, Codable {
        /// The competency id (or scenario id).
        public var id: String
        /// Attempts, finished or abandoned.
        public var attempts: Int
        /// Attempts that reached an ending.
        public var finished: Int
        /// The best overall score, 0 to 1.
        public var bestOverall: Double
        /// The latest overall score, 0 to 1.
        public var lastOverall: Double
    }

    /// Whose summary it is.
    public var trainee: String
    /// Every competency with evidence, by id.
    public var competencies: [Competency]
    /// Quiz answers given.
    public var quizAnswerCount: Int
    /// Quiz answers that were right.
    public var quizCorrectCount: Int
    /// The share of reviews (answers to questions already answered before) that were right: true retention.
    public var retention: Double?
    /// Answers to questions answered before (reviews).
    public var reviewCount: Int
    /// Questions with a schedule, and how many of them are due at the summary's date.
    public var scheduledQuestions: Int
    /// Scheduled questions due at the summary's date.
    public var dueQuestions: Int
    /// The earliest due date of any scheduled question.
    public var nextDue: Date?
    /// Every scenario tried, by id.
    public var scenarios: [Scenario]
    /// The weakest competencies first (at most three), among those with any evidence.
    public var weakest: [String]
    /// The days (UTC) each competency's `trend` has a point for, oldest first.
    public var activeDays: [Date]
    /// When the trainee last answered or practised anything.
    public var lastActive: Date?

    /// Summarises the records of one trainee at `now`, over `trendDays` active days.
    public init(
        trainee: String, answers: [QuizAnswerRecord], states: [ReviewStateRecord], attempts: [RolePlayAttemptRecord],
        now: Date = Date(), trendDays: Int = 12, rolePlayWeights: [String: Double] = [:]
    ) {
        self.trainee = trainee
        quizAnswerCount = answers.count
        quizCorrectCount = answers.filter(\.isCorrect).count
        var seen: Set<String> = []
        var reviews = 0
        var reviewsRight = 0
        for answer in answers {
            if seen.contains(answer.questionID) {
                reviews += 1
                if answer.isCorrect { reviewsRight += 1 }
            } else {
                seen.insert(answer.questionID)
            }
        }
        reviewCount = reviews
        retention = reviews > 0 ? Double(reviewsRight) / Double(reviews) : nil
        scheduledQuestions = states.count
        dueQuestions = states.filter { $0.dueAt <= now }.count
        nextDue = states.map(\.dueAt).min()

        var byScenario: [String: Scenario] = [:]
        for attempt in attempts {
            var entry =
                byScenario[attempt.scenarioID] ?? Scenario(id: attempt.scenarioID, attempts: 0, finished: 0, bestOverall: 0, lastOverall: 0)
            entry.attempts += 1
            if attempt.status == .finished { entry.finished += 1 }
            entry.bestOverall = max(entry.bestOverall, attempt.overall)
            entry.lastOverall = attempt.overall
            byScenario[attempt.scenarioID] = entry
        }
        scenarios = byScenario.values.sorted { $0.id < $1.id }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let ids = Set(answers.map(\.competency)).union(attempts.flatMap(\.competencyScores.keys))
        let days = Set(answers.map { calendar.startOfDay(for: $0.answeredAt) } + attempts.map { calendar.startOfDay(for: $0.endedAt) })
            .sorted().suffix(trendDays)
        activeDays = Array(days)
        lastActive = (answers.map(\.answeredAt) + attempts.map(\.endedAt)).max()
        competencies = ids.sorted().map { id in
            let quiz = answers.filter { $0.competency == id }
            let plays = attempts.compactMap { attempt in attempt.competencyScores[id].map { (attempt.endedAt, $0) } }
            var missed: [String: Int] = [:]
            for answer in quiz where !answer.isCorrect { if let article = answer.articleID { missed[article, default: 0] += 1 } }
            let weight = rolePlayWeights[id] ?? 0.5
            let current = Self.level(quiz: quiz, plays: plays, rolePlayWeight: weight)
            let trend = days.map { day -> Double in
                let end = calendar.date(byAdding: .day, value: 1, to: day)!
                return Self.level(quiz: quiz.filter { $0.answeredAt < end }, plays: plays.filter { $0.0 < end }, rolePlayWeight: weight)
                    .level ?? 0
            }
            return Competency(
                id: id, level: current.level ?? 0, quizAccuracy: current.quiz, quizAnswers: quiz.count,
                rolePlayScore: current.play, rolePlayAttempts: plays.count, trend: trend,
                mostMissedArticle: missed.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        }
        weakest = competencies.sorted { ($0.level, $0.id) < ($1.level, $1.id) }.prefix(3).map(\.id)
    }

    /// The mean level over every competency with evidence, or `nil` without any.
    public var overallLevel: Double? {
        competencies.isEmpty ? nil : competencies.map(\.level).reduce(0, +) / Double(competencies.count)
    }

    static func level(quiz: [QuizAnswerRecord], plays: [(Date, Double)], rolePlayWeight: Double = 0.5)
        -> (level: Double?, quiz: Double?, play: Double?)
    {
        let recentQuiz = quiz.suffix(recentAnswers)
        let quizShare = recentQuiz.isEmpty ? nil : Double(recentQuiz.filter(\.isCorrect).count) / Double(recentQuiz.count)
        let recentPlays = plays.suffix(recentAttempts)
        let playMean = recentPlays.isEmpty ? nil : recentPlays.map(\.1).reduce(0, +) / Double(recentPlays.count)
        switch (quizShare, playMean) {
        case (let q?, let p?): return (q * (1 - rolePlayWeight) + p * rolePlayWeight, q, p)
        case (let q?, nil): return (q, q, nil)
        case (nil, let p?): return (p, nil, p)
        case (nil, nil): return (nil, nil, nil)
        }
    }

    /// The summary of the store's trainee (or `trainee`) at `now`.
    public static func load(
        from store: any ProgressStore, trainee: String? = nil, now: Date = Date(), rolePlayWeights: [String: Double] = [:]
    ) throws(ProgressStoreError) -> ProgressSummary {
        let name = trainee ?? store.trainee
        return ProgressSummary(
            trainee: name, answers: try store.quizAnswers(trainee: name), states: Array(try store.reviewStates(trainee: name).values),
            attempts: try store.rolePlayAttempts(trainee: name), now: now, rolePlayWeights: rolePlayWeights)
    }
}

/// Text renderings of levels for terminals and reports.
public enum ProgressGlyphs {
    /// A bar of `width` cells, filled in proportion to `fraction` (eighths of a cell).
    public static func bar(_ fraction: Double, width: Int = 20) -> String {
        let eighths = Int((min(1, max(0, fraction)) * Double(width * 8)).rounded())
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var text = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
        text += String(repeating: " ", count: max(0, width - text.count))
        return text
    }

    /// A sparkline of values between 0 and 1: one of `▁▂▃▄▅▆▇█` per value.
    public static func sparkline(_ values: [Double]) -> String {
        let ticks = Array("▁▂▃▄▅▆▇█")
        return String(values.map { ticks[Int((min(1, max(0, $0)) * 7).rounded())] })
    }

    /// A word for a level: `needs work` below 0.4, `developing` below 0.7, `proficient` below 0.85,
    /// else `strong`.
    public static func label(_ level: Double) -> String {
        level < 0.4 ? "needs work" : level < 0.7 ? "developing" : level < 0.85 ? "proficient" : "strong"
    }
}
