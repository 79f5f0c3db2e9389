import KnowledgeBase

/// Every question of a knowledge base: the hand-written ones of its quiz files, then the generated ones.
public struct QuizCatalog: Sendable {
    /// Hand-written questions first (by file and line), then generated ones (by article).
    public let questions: [QuizQuestion]
    /// Problems found while reading the quiz files (the full validation is ``QuizCheck``).
    public let diagnostics: [Diagnostic]
    private let indexByID: [String: Int]

    /// Reads the quiz files of `knowledgeBase` and generates the fill-in-the-blank questions.
    public init(knowledgeBase: KnowledgeBase, includeGenerated: Bool = true) {
        var questions: [QuizQuestion] = []
        var diagnostics: [Diagnostic] = []
        for article in knowledgeBase.articles(of: .quiz) {
            let parsed = QuizFileParser.parse(article)
            questions += parsed.questions
            diagnostics += parsed.diagnostics
        }
        if includeGenerated { questions += QuizFacts.questions(in: knowledgeBase) }
        self.init(questions: questions, diagnostics: diagnostics)
    }

    /// A catalog of `questions` as given.
    public init(questions: [QuizQuestion], diagnostics: [Diagnostic] = []) {
        self.questions = questions
        self.diagnostics = diagnostics
        var index: [String: Int] = [:]
        for (position, question) in questions.enumerated() where index[question.id] == nil { index[question.id] = position }
        indexByID = index
    }

    /// The question with `id`.
    public func question(id: String) -> QuizQuestion? { indexByID[id].map { questions[$0] } }

    /// The questions on `topic`, trained competency `competency`, or both (`nil` means any).
    ///
    /// A topic matches a question's article id, quiz id, competency, a tag, or the article's kind
    /// (`policies`, `products`, singular or plural), case-insensitively, exactly (a quiz id also without its `quiz-` prefix).
    public func questions(topic: String?, competency: String?, in knowledgeBase: KnowledgeBase? = nil) -> [QuizQuestion] {
        questions.filter { question in
            if let competency, question.competency != competency { return false }
            guard let topic = topic?.lowercased().trimmingCharacters(in: .whitespaces), !topic.isEmpty else { return true }
            var names = [question.articleID, question.sourceID, question.competency] + question.topics.map { $0.lowercased() }
            if let article = knowledgeBase?.article(id: question.articleID) {
                names += [article.kind.rawValue, article.kind.plural.lowercased()] + article.tags.map { $0.lowercased() }
            }
            return names.contains { $0 == topic || $0 == "quiz-" + topic }
        }
    }
}
