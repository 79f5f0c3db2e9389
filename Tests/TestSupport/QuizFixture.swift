import Training

/// Two quiz questions on one article, a typed answer and a true-or-false one: the smallest quiz
/// that has a near miss to mark and a line to refuse.
public enum QuizFixture {
    public static let questions = [
        QuizQuestion(
            id: "window", kind: .shortAnswer(accepted: ["30 days"], allowsTypos: true), prompt: "How long is the window?",
            competency: "refunds-and-orders", articleID: "returns-and-exchanges", explanation: "Thirty days from delivery.",
            origin: .quizFile(path: "q.md", line: 3), sourceID: "quiz"),
        QuizQuestion(
            id: "fee", kind: .trueFalse(answer: true), prompt: "Opened phones carry a fee.", competency: "policy-accuracy",
            articleID: "returns-and-exchanges", explanation: "A $25 restocking fee.", origin: .quizFile(path: "q.md", line: 9),
            sourceID: "quiz"),
    ]
}
