import Foundation
import KnowledgeBase

/// A question as put to the trainee: the prompt and the choices in the order shown.
public struct QuizPrompt: Sendable, Hashable {
    /// The question.
    public var question: QuizQuestion
    /// Options or steps as shown, numbered from 1 (empty for true/false and short answers).
    public var choices: [String]
    /// A one-line hint on how to answer.
    public var instructions: String
    /// 1-based place in the session, and the session's length.
    public var number: Int
    /// How many questions the session has.
    public var total: Int
    /// Whether the question is a review (answered before) rather than new.
    public var isReview: Bool
}

/// What happened when an answer was submitted.
public struct QuizFeedback: Sendable {
    /// The question.
    public var question: QuizQuestion
    /// The answer as typed.
    public var response: String
    /// The answer in words: the text of the options picked for a choice or ordering question (the
    /// numbers typed depend on the shuffled order), else the answer as typed.
    public var answerText: String
    /// Whether the answer was right.
    public var isCorrect: Bool
    /// The grade given to the scheduler.
    public var rating: ReviewRating
    /// For short answers: the comparison with the closest accepted answer.
    public var shortAnswer: ShortAnswerMatch?
    /// The right answer in words.
    public var correctAnswer: String
    /// For a multi-select answer that was not right: the right options left out.
    public var missedOptions: [String] = []
    /// For a multi-select answer that was not right: the options picked that are not right.
    public var wrongOptions: [String] = []
    /// The question's memory after this answer.
    public var card: ReviewCard
    /// When the question comes back.
    public var due: Date { card.due }
}

/// The outcome of reading one answer.
public enum QuizSubmission: Sendable {
    /// The answer was graded.
    case graded(QuizFeedback)
    /// The input could not be read as an answer (an option number out of range...): ask again.
    case unreadable(String)
}

/// The score of a finished session.
public struct QuizSummary: Sendable, Hashable {
    /// Questions answered.
    public var asked: Int
    /// Questions answered right.
    public var correct: Int
    /// Due questions at the start.
    public var reviews: Int
    /// The earliest time any question (of the session's pool) is due again, if any has been answered.
    public var nextDue: Date?
    /// How many questions of the pool are due within a day of the end.
    public var dueWithinADay: Int

    /// A summary with these figures.
    public init(asked: Int, correct: Int, reviews: Int, nextDue: Date?, dueWithinADay: Int) {
        self.asked = asked
        self.correct = correct
        self.reviews = reviews
        self.nextDue = nextDue
        self.dueWithinADay = dueWithinADay
    }
}

/// One quiz session: due reviews first, then new questions, graded and scheduled with FSRS.
///
/// It does no input or output: the terminal asks ``current``, reads a line, calls ``submit(_:at:)``,
/// shows the ``QuizFeedback`` and records its ``QuizFeedback/card`` where progress is kept.
public struct QuizSession: Sendable {
    /// Schedules each answered question.
    public let scheduler: FSRSScheduler
    /// Grades typed answers.
    public let matcher: ShortAnswerMatcher
    /// The questions of the session, in order.
    public let queue: [QuizQuestion]
    /// The scheduler state of every question of the pool (updated as answers come in).
    public private(set) var cards: [String: ReviewCard]
    /// The index of the current question in ``queue``.
    public private(set) var position = 0
    /// Right answers so far.
    public private(set) var correct = 0
    private let pool: [QuizQuestion]
    private let reviewIDs: Set<String>
    /// Mixed into each question's option order, so that trainees do not share one order (and one
    /// trainee always sees the same order).
    private let shuffleSeed: String

    /// A session over `pool` with the trainee's `cards` at `now`, of at most `count` questions.
    public init(
        pool: [QuizQuestion], cards: [String: ReviewCard], count: Int = 10, now: Date = Date(),
        scheduler: FSRSScheduler = FSRSScheduler(), matcher: ShortAnswerMatcher = ShortAnswerMatcher(), shuffleSeed: String = ""
    ) {
        self.shuffleSeed = shuffleSeed
        self.scheduler = scheduler
        self.matcher = matcher
        self.cards = cards
        self.pool = pool
        let due = pool.filter { cards[$0.id]?.isDue(at: now) ?? false }
            .sorted { (cards[$0.id]!.due, $0.id) < (cards[$1.id]!.due, $1.id) }
        let new = Self.interleaved(pool.filter { cards[$0.id] == nil })
        queue = Array((due + new).prefix(max(0, count)))
        reviewIDs = Set(due.prefix(max(0, count)).map(\.id))
    }

    /// Spreads new questions over articles (one per article in turn), hand-written ones first within each.
    static func interleaved(_ questions: [QuizQuestion]) -> [QuizQuestion] {
        var order: [String] = []
        var byArticle: [String: [QuizQuestion]] = [:]
        for question in questions.sorted(by: { !$0.isGenerated && $1.isGenerated }) {
            if byArticle[question.articleID] == nil { order.append(question.articleID) }
            byArticle[question.articleID, default: []].append(question)
        }
        var result: [QuizQuestion] = []
        var round = 0
        while result.count < questions.count {
            for article in order where round < byArticle[article]!.count { result.append(byArticle[article]![round]) }
            round += 1
        }
        return result
    }

    /// Whether every question has been answered.
    public var isFinished: Bool { position >= queue.count }

    /// The question to answer now, or `nil` when the session is over.
    public var current: QuizPrompt? {
        guard !isFinished else { return nil }
        let question = queue[position]
        let choices: [String]
        let instructions: String
        switch question.kind {
        case .singleChoice(let options, _):
            choices = Self.shuffled(options, seed: shuffleSeed + question.id)
            instructions = "type the number of the right option"
        case .multipleChoice(let options, _):
            choices = Self.shuffled(options, seed: shuffleSeed + question.id)
            instructions = "type the numbers of every right option, e.g. 1 3"
        case .trueFalse:
            choices = []
            instructions = "type true or false"
        case .ordering(let steps):
            choices = Self.shuffled(steps, seed: shuffleSeed + question.id)
            instructions = "type the step numbers in the right order, e.g. 3 1 2"
        case .shortAnswer:
            choices = []
            instructions = "type your answer"
        }
        return QuizPrompt(
            question: question, choices: choices, instructions: instructions, number: position + 1, total: queue.count,
            isReview: reviewIDs.contains(question.id))
    }

    /// Grades `response` to the current question at `now` and moves on (unless it was unreadable).
    public mutating func submit(_ response: String, at now: Date = Date()) -> QuizSubmission {
        guard let prompt = current else { return .unreadable("the session is over") }
        let question = prompt.question
        // A pasted essay is graded on its start and stored cut, never in full.
        let text = String(response.prefix(2_000)).trimmingCharacters(in: .whitespacesAndNewlines)
        var shortAnswer: ShortAnswerMatch?
        var missedOptions: [String] = []
        var wrongOptions: [String] = []
        var answerText = text
        let isCorrect: Bool
        var rating = ReviewRating.good
        switch question.kind {
        case .singleChoice(let options, let correctIndex):
            if text.isEmpty {
                isCorrect = false
            } else {
                guard let picked = Self.choices(in: text, count: prompt.choices.count, choices: prompt.choices), picked.count == 1
                else { return .unreadable("type one option number from 1 to \(prompt.choices.count)") }
                isCorrect = prompt.choices[picked[0]] == options[correctIndex]
                answerText = prompt.choices[picked[0]]
            }
        case .multipleChoice(let options, let correctSet):
            if text.isEmpty {
                isCorrect = false
            } else {
                guard let picked = Self.choices(in: text, count: prompt.choices.count, choices: prompt.choices)
                else { return .unreadable("type option numbers from 1 to \(prompt.choices.count), separated by spaces") }
                let chosen = Set(picked.map { prompt.choices[$0] })
                answerText = picked.map { prompt.choices[$0] }.joined(separator: "; ")
                let right = Set(correctSet.map { options[$0] })
                isCorrect = chosen == right
                missedOptions = prompt.choices.filter { right.contains($0) && !chosen.contains($0) }
                wrongOptions = prompt.choices.filter { chosen.contains($0) && !right.contains($0) }
            }
        case .trueFalse(let answer):
            switch text.lowercased() {
            case "t", "true", "y", "yes": isCorrect = answer
            case "f", "false", "n", "no": isCorrect = !answer
            case "": isCorrect = false
            default: return .unreadable("type true or false")
            }
        case .ordering(let steps):
            if text.isEmpty {
                isCorrect = false
            } else {
                guard let picked = Self.choices(in: text, count: prompt.choices.count, choices: prompt.choices),
                    picked.count == steps.count, Set(picked).count == steps.count
                else { return .unreadable("type all \(steps.count) step numbers once each, in order, e.g. 2 1 3") }
                isCorrect = picked.map { prompt.choices[$0] } == steps
                answerText = picked.map { prompt.choices[$0] }.joined(separator: " → ")
            }
        case .shortAnswer(let accepted, let allowsTypos):
            let match = matcher.match(text, accepted: accepted, allowsTypos: allowsTypos, prompt: question.prompt)
            shortAnswer = match
            isCorrect = !text.isEmpty && match.isAccepted
            if isCorrect && match.hasForgivenTypo { rating = .hard }
        }
        if !isCorrect { rating = .again }
        let card = scheduler.review(cards[question.id], rating: rating, at: now)
        cards[question.id] = card
        position += 1
        if isCorrect { correct += 1 }
        return .graded(
            QuizFeedback(
                question: question, response: text, answerText: answerText, isCorrect: isCorrect, rating: rating, shortAnswer: shortAnswer,
                correctAnswer: question.correctAnswerText, missedOptions: missedOptions, wrongOptions: wrongOptions, card: card))
    }

    /// The score so far and when reviews are next due, seen from `now`.
    public func summary(at now: Date = Date()) -> QuizSummary {
        let ids = Set(pool.map(\.id))
        let dues = cards.filter { ids.contains($0.key) }.map(\.value.due)
        return QuizSummary(
            asked: position, correct: correct, reviews: reviewIDs.count, nextDue: dues.min(),
            dueWithinADay: dues.filter { $0 <= now.addingTimeInterval(86_400) }.count)
    }

    /// Option indices from `1 3`, `1,3`, `a c`, or an option's exact text; `nil` when unreadable.
    static func choices(in text: String, count: Int, choices: [String]) -> [Int]? {
        if let exact = choices.firstIndex(where: { $0.lowercased() == text.lowercased() }) { return [exact] }
        let parts = text.lowercased().split { $0 == " " || $0 == "," || $0 == ";" || $0 == "\t" }
        var result: [Int] = []
        for part in parts {
            if let number = Int(part), (1...count).contains(number) {
                result.append(number - 1)
            } else if part.count == 1, let scalar = part.unicodeScalars.first, scalar.value >= 97,
                Int(scalar.value) - 97 < count
            {
                result.append(Int(scalar.value) - 97)
            } else if part.allSatisfy(\.isNumber), part.count > 1, count < 10,
                part.allSatisfy({ Int(String($0)).map { (1...count).contains($0) } ?? false })
            {
                result += part.map { Int(String($0))! - 1 }
            } else {
                return nil
            }
        }
        return result.isEmpty ? nil : result
    }

    /// `items` in an order fixed by `seed` (the same for every session), never the written order
    /// when there are several items, so a correct-first file does not give answers away.
    static func shuffled(_ items: [String], seed: String) -> [String] {
        guard items.count > 1 else { return items }
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var result = items
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let other = Int((state >> 33) % UInt64(index + 1))
            result.swapAt(index, other)
        }
        if result == items { result.append(result.removeFirst()) }
        return result
    }
}
