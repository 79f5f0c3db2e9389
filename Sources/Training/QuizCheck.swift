import KnowledgeBase
import Search

/// The `frontline check` validation of quiz files: question structure (from ``QuizFileParser``), ids
/// unique across all quizzes, articles that exist, competencies of the framework.
public struct QuizCheck: ContentCheck {
    /// The competency framework questions are checked against; `nil` reads it from the knowledge base.
    public var framework: CompetencyFramework?

    /// A check against `framework`, by default the framework file of the checked content (else the built-in one).
    public init(framework: CompetencyFramework? = nil) {
        self.framework = framework
    }

    public func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        let framework = self.framework ?? CompetencyFramework.load(from: knowledgeBase).framework
        var result: [Diagnostic] = []
        var firstUse: [String: (path: String, line: Int)] = [:]
        let analyzer = TextAnalyzer(synonyms: SynonymTable(groups: []))
        // The figures each article states, read from its file once however many questions name it.
        var statedFigures: [String: [Quantity]] = [:]
        for article in knowledgeBase.articles(of: .quiz) {
            let parsed = QuizFileParser.parse(article)
            result += parsed.diagnostics
            for question in parsed.questions {
                guard case .quizFile(let path, let line) = question.origin else { continue }
                if let first = firstUse[question.id] {
                    result.append(
                        .error(
                            "duplicate question id '\(question.id)' (also used at \(first.path):\(first.line)); give each question its own id",
                            path: path, line: line))
                } else {
                    firstUse[question.id] = (path, line)
                }
                let fieldLine = { (key: String) -> Int in Self.line(of: key, in: article, from: line) ?? line }
                if let target = knowledgeBase.article(id: question.articleID) {
                    let stated = { () -> [Quantity] in
                        if let known = statedFigures[target.id] { return known }
                        let figures = Quantity.parse(target.body, analyzer: analyzer)
                        statedFigures[target.id] = figures
                        return figures
                    }
                    if let stale = Self.staleFigure(in: question, against: target, stated: stated, analyzer: analyzer) {
                        result.append(
                            .warning(
                                "question '\(question.id)' answers '\(stale.answer)', but '\(target.id)' marks {{\(stale.fact.answer)}} "
                                    + "(\(target.path):\(stale.fact.line)); update the answer if the fact changed",
                                path: path, line: fieldLine("answer")))
                    }
                    if !target.kind.isKnowledge {
                        result.append(
                            .error(
                                "question '\(question.id)' names '\(question.articleID)', a \(target.kind.rawValue), not a knowledge-base article",
                                path: path, line: fieldLine("article")))
                    }
                } else {
                    result.append(
                        .error(
                            "question '\(question.id)' names unknown article '\(question.articleID)'"
                                + EditDistance.didYouMean(
                                    question.articleID, among: knowledgeBase.articles.filter(\.kind.isKnowledge).map(\.id)),
                            path: path, line: fieldLine("article")))
                }
                if !framework.contains(question.competency) {
                    result.append(
                        .error(
                            "question '\(question.id)' names unknown competency '\(question.competency)'"
                                + (framework.suggestion(for: question.competency).map { "; did you mean '\($0)'?" } ?? ""),
                            path: path, line: fieldLine("competency")))
                }
            }
        }
        return result
    }

    /// A figure in the question's right answer that the article it names no longer states anywhere,
    /// while it marks a fact with that unit (`{{10 days}}` where the answer says 14 days).
    /// A marked fact changed and the hand-written question did not follow.
    ///
    /// `stated` gives the figures the article states anywhere; it is asked only for an answer with a figure.
    static func staleFigure(
        in question: QuizQuestion, against article: Article, stated: () -> [Quantity], analyzer: TextAnalyzer
    ) -> (answer: String, fact: MarkedFact)? {
        guard case .quizFile = question.origin, !article.facts.isEmpty else { return nil }
        let answers: [String]
        switch question.kind {
        case .shortAnswer(let accepted, _): answers = accepted
        case .singleChoice(let options, let correct): answers = [options[correct]]
        case .multipleChoice(let options, let correct): answers = correct.sorted().map { options[$0] }
        case .trueFalse, .ordering: return nil
        }
        // Only facts about what the question asks: their sentence shares three telling words with the
        // question and its explanation (a worked answer such as "$6 for three months" is no fact).
        let asked = Set(analyzer.tokens(in: question.prompt + " " + question.explanation).filter { !$0.isStopWord }.map(\.stem))
        let facts = article.facts.filter { fact in
            Set(analyzer.tokens(in: fact.prompt).filter { !$0.isStopWord && !$0.text.contains(where: \.isNumber) }.map(\.stem))
                .intersection(asked).count >= 3
        }.map { ($0, Quantity.parse($0.answer, analyzer: analyzer)) }
        // Answers that are a figure ("14 days", "$9.99"), not sentences that happen to hold one.
        for answer in answers where answer.split(separator: " ").count <= 4 {
            for figure in Quantity.parse(answer, analyzer: analyzer) where !figure.unit.isEmpty {
                // A figure the article still states anywhere (marked or not) is not stale.
                if stated().contains(where: { $0.unit == figure.unit && $0.value == figure.value }) { continue }
                let sameUnit = facts.filter { $0.1.contains { $0.unit == figure.unit } }
                guard let fact = sameUnit.first?.0 else { continue }
                if !sameUnit.contains(where: { $0.1.contains { $0.unit == figure.unit && $0.value == figure.value } }) {
                    return (answer, fact)
                }
            }
        }
        return nil
    }

    /// The file line of the question's own `key:` line, else of the front matter default.
    static func line(of key: String, in article: Article, from headingLine: Int) -> Int? {
        let lines = article.body.split(separator: "\n", omittingEmptySubsequences: false)
        var index = headingLine - article.bodyStartLine + 1
        while index >= 0, index < lines.count, !lines[index].hasPrefix("## ") {
            if lines[index].trimmingCharacters(in: .whitespaces).lowercased().hasPrefix(key + ":") {
                return article.bodyStartLine + index
            }
            index += 1
        }
        return article.frontMatter[key]?.line
    }

}

/// Warns when a knowledge-base article changed after the quiz or scenario that depends on it was
/// last reviewed: its `updated` date is later than the quiz's (or scenario's) `reviewed` date.
public struct ReviewDateCheck: ContentCheck {
    public init() {}

    public func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for article in knowledgeBase.articles where article.kind == .quiz || article.kind == .scenario {
            guard let reviewed = article.lastReviewed else { continue }
            var dependencies: [(id: String, line: Int)] = []
            if article.kind == .quiz {
                for question in QuizFileParser.parse(article).questions {
                    guard case .quizFile(_, let line) = question.origin else { continue }
                    dependencies.append((question.articleID, QuizCheck.line(of: "article", in: article, from: line) ?? line))
                }
            } else {
                for link in article.links { if let id = link.articleID { dependencies.append((id, link.line)) } }
                for key in ["articles", "article", "policies", "related"] {
                    guard let field = article.frontMatter[key] else { continue }
                    switch field.value {
                    case .scalar(let id): dependencies.append((id, field.line))
                    case .sequence(let items):
                        for case .scalar(let id) in items { dependencies.append((id, field.line)) }
                    default: break
                    }
                }
            }
            var warned: Set<String> = []
            let what = article.kind == .quiz ? "questions that depend" : "steps that depend"
            for dependency in dependencies where !warned.contains(dependency.id) {
                guard let source = knowledgeBase.article(id: dependency.id), let updated = source.updated, updated > reviewed
                else { continue }
                warned.insert(dependency.id)
                result.append(
                    .warning(
                        "article '\(dependency.id)' was updated on \(updated), after this \(article.kind.rawValue) was reviewed on \(reviewed); check the \(what) on it, then set 'reviewed:'",
                        path: article.path, line: dependency.line))
            }
        }
        return result
    }
}
