import KnowledgeBase

/// Fill-in-the-blank questions generated from the facts trainers mark with `{{...}}` in articles.
public enum QuizFacts {
    /// One short-answer question per marked fact of every policy, product and other knowledge article.
    ///
    /// Ids are `fact/ARTICLE/ANSWER-SLUG` (with `-2`, `-3` for the same answer marked again in the same
    /// article), so editing the sentence around a fact, or adding facts elsewhere, keeps the schedule.
    public static func questions(in knowledgeBase: KnowledgeBase) -> [QuizQuestion] {
        knowledgeBase.articles.filter { $0.kind.isKnowledge }.flatMap(questions(for:))
    }

    /// The questions generated from `article`'s marked facts.
    public static func questions(for article: Article) -> [QuizQuestion] {
        var seen: [String: Int] = [:]
        var result: [QuizQuestion] = []
        for fact in article.facts where !fact.answer.isEmpty && fact.prompt.contains("_____") {
            let slug = Self.slug(fact.answer)
            seen[slug, default: 0] += 1
            let count = seen[slug]!
            let id = "fact/\(article.id)/\(slug)" + (count > 1 ? "-\(count)" : "")
            let sentence = fact.prompt.replacingOccurrences(of: "_____", with: fact.answer)
            let place = fact.section.map { "\(article.title), section '\($0)'" } ?? article.title
            result.append(
                QuizQuestion(
                    id: id, kind: .shortAnswer(accepted: [fact.answer], allowsTypos: true),
                    prompt: "Fill in the blank: \(fact.prompt)", competency: competency(for: article),
                    articleID: article.id, explanation: "\(place): \(sentence)",
                    origin: .markedFact(path: article.path, line: fact.line), sourceID: article.id,
                    topics: article.tags + [article.kind.rawValue, article.kind.plural.lowercased()]))
        }
        return result
    }

    /// The competency a generated question trains, from the article's id and tags.
    static func competency(for article: Article) -> String {
        let words = Set([article.id] + article.tags + article.id.split(separator: "-").map(String.init))
        let rules: [(Set<String>, String)] = [
            (
                ["refunds", "refund", "returns", "return", "delivery", "parcels", "orders", "order", "shipping", "exchanges"],
                "refunds-and-orders"
            ),
            (["privacy", "identity", "verification", "authorised", "fraud", "sim-swap", "data"], "data-protection"),
            (["escalation", "complaints", "complaint", "ombudsman"], "escalation"),
            (["record-keeping", "notes", "records"], "record-keeping"),
            (["abusive", "de-escalation"], "de-escalation"),
            (["vulnerable", "hardship", "family-violence"], "empathy"),
        ]
        if article.kind == .script {
            if !words.isDisjoint(with: ["de-escalation", "angry", "abusive", "least", "apology", "bad-news"]) { return "de-escalation" }
            return "clear-communication"
        }
        for (keys, competency) in rules where !keys.isDisjoint(with: words) { return competency }
        return "policy-accuracy"
    }

    /// Lower-case letters and digits joined by `-`: `$79 a month` → `79-a-month`.
    static func slug(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.isEmpty ? "fact" : words.joined(separator: "-")
    }
}
