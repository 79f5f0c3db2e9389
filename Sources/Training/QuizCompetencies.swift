/// The competency ids quizzes may name, until the competency framework file is read by `CompetencyFramework`.
enum QuizCompetencies {
    /// The twelve fixed ids of the frontline competency framework.
    static let ids: Set<String> = [
        "active-listening", "empathy", "de-escalation", "clear-communication", "policy-accuracy", "problem-solving",
        "escalation", "refunds-and-orders", "record-keeping", "diplomacy", "follow-up", "data-protection",
    ]
}
