import KnowledgeBase

/// Reads the questions of one quiz file (an article of kind ``ArticleKind/quiz``).
///
/// The format, for trainers (see also `content/training/quizzes/README.md`):
///
/// ```markdown
/// ---
/// id: quiz-returns
/// title: Returns and refunds
/// type: quiz
/// competency: refunds-and-orders      # default for every question below
/// article: returns-and-exchanges      # default for every question below
/// reviewed: 2026-11-15
/// ---
///
/// ## How many days does a customer have for a change-of-mind return? {#returns-change-of-mind-days}
///
/// answer: 30 days
/// typos: yes
///
/// > Change-of-mind returns are accepted within 30 days of delivery.
/// ```
///
/// Each `##` heading is one question: its text is the prompt, `{#id}` at its end the stable id.
/// Under it, `key: value` lines (`kind`, `competency`, `article`, `answer`, `typos`), then the options
/// (`- [x] right` / `- [ ] wrong`, or a numbered list for `kind: order`), then a `>` block quote
/// with the explanation.
public enum QuizFileParser {
    /// The questions of `article` and the problems found, with file lines.
    ///
    /// Questions with errors are still returned when they are usable, so one bad question does not
    /// hide the others; a question without any usable answer is left out.
    public static func parse(_ article: Article) -> (
        questions: [QuizQuestion], diagnostics: [Diagnostic]
    ) {
        let defaults = QuizDefaults(article: article)
        var questions: [QuizQuestion] = []
        var diagnostics: [Diagnostic] = []
        for block in blocks(of: article) {
            let (question, problems) = block.question(in: article, defaults: defaults)
            diagnostics += problems
            if let question { questions.append(question) }
        }
        return (questions, diagnostics)
    }

    /// The lines of each question, from one `##` heading to the next.
    static func blocks(of article: Article) -> [QuestionBlock] {
        var blocks: [QuestionBlock] = []
        var isInFence = false
        for (offset, rawLine) in article.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            let fileLine = article.bodyStartLine + offset
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { isInFence.toggle() }
            if isInFence { continue }
            if line.hasPrefix("## ") {
                blocks.append(QuestionBlock(heading: String(line.dropFirst(3)), line: fileLine))
            } else if line.hasPrefix("# ") {
                continue
            } else if !blocks.isEmpty {
                blocks[blocks.count - 1].lines.append((fileLine, line))
            }
        }
        return blocks
    }
}

/// File-wide defaults from the quiz's front matter.
struct QuizDefaults {
    var competency: (value: String, line: Int)?
    var articleID: (value: String, line: Int)?
    var topics: [String]

    init(article: Article) {
        func scalar(_ key: String) -> (String, Int)? {
            guard let field = article.frontMatter[key], case .scalar(let value) = field.value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : (trimmed, field.line)
        }
        competency = scalar("competency")
        articleID = scalar("article")
        topics = article.tags
    }
}

/// The raw lines of one question.
struct QuestionBlock {
    var heading: String
    var line: Int
    var lines: [(line: Int, text: String)] = []

    static let keys: Set<String> = ["kind", "competency", "article", "answer", "typos"]

    /// The question, or `nil` when it has no usable answer, and the problems found.
    func question(in article: Article, defaults: QuizDefaults) -> (QuizQuestion?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func error(_ message: String, _ line: Int) { diagnostics.append(.error(message, path: article.path, line: line)) }

        let (prompt, writtenID) = Self.splitHeading(heading)
        if prompt.isEmpty { error("question has no text; write the question in the '##' heading", line) }
        // A question without an id is still read through, so that one pass reports all its problems.
        let hasID = !(writtenID ?? "").isEmpty
        if !hasID { error("question has no id; end the heading with a stable id such as {#\(Self.suggestedID(prompt))}", line) }
        let id = hasID ? writtenID! : Self.suggestedID(prompt)
        if hasID, id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) == nil {
            let fixed = id.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "-")
            error(
                "question id '\(id)' should use only lower-case letters, digits and '-', such as {#\(fixed.isEmpty ? "question-id" : fixed)}",
                line)
        }

        var fields: [String: [(value: String, line: Int)]] = [:]
        var options: [(text: String, isCorrect: Bool, line: Int)] = []
        var steps: [(text: String, line: Int)] = []
        var explanation: [String] = []
        for (fileLine, text) in lines {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">") {
                explanation.append(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if let option = Self.option(trimmed) {
                options.append((option.text, option.isCorrect, fileLine))
            } else if let step = Self.numberedItem(trimmed) {
                steps.append((step, fileLine))
            } else if let colon = trimmed.firstIndex(of: ":") {
                let key = trimmed[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
                if Self.keys.contains(key) {
                    let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    fields[key, default: []].append((value, fileLine))
                }
            }
        }

        let competency = fields["competency"]?.last ?? defaults.competency.map { ($0.value, $0.line) }
        let articleField = fields["article"]?.last ?? defaults.articleID.map { ($0.value, $0.line) }
        if competency == nil { error("question '\(id)' has no competency; add 'competency: ID' under the heading", line) }
        if articleField == nil {
            error("question '\(id)' names no article; add 'article: ID' (the article that answers it) under the heading", line)
        }
        let explanationText = explanation.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        if explanationText.isEmpty {
            error("question '\(id)' has no explanation; add a '> ' line saying why the answer is right", line)
        }
        let answers = fields["answer"] ?? []
        var kindName = fields["kind"]?.last?.value.lowercased()
        if kindName == nil {
            if !steps.isEmpty && options.isEmpty {
                kindName = "order"
            } else if !options.isEmpty {
                kindName = options.filter(\.isCorrect).count > 1 ? "multiple" : "single"
            } else if answers.count == 1, ["true", "false"].contains(answers[0].value.lowercased()) {
                kindName = "true-false"
            } else {
                kindName = "short"
            }
        }

        var kind: QuizQuestion.Kind?
        let kindLine = fields["kind"]?.last?.line ?? line
        switch kindName {
        case "single", "multiple":
            var seen: [String: Int] = [:]
            for option in options {
                let key = option.text.lowercased()
                if let first = seen[key] {
                    error("duplicate option '\(option.text)' (also on line \(first)); each option must differ", option.line)
                } else {
                    seen[key] = option.line
                }
                if option.text.isEmpty { error("empty option; write its text after '- [ ]'", option.line) }
            }
            let correct = Set(options.indices.filter { options[$0].isCorrect })
            if options.count < 2 {
                error("question '\(id)' needs at least two options ('- [x] right', '- [ ] wrong')", line)
            } else if correct.isEmpty {
                error("question '\(id)' has no correct option; mark the right one with '- [x]'", line)
            } else if kindName == "single" {
                if correct.count > 1 {
                    error(
                        "single-choice question '\(id)' marks \(correct.count) options correct; keep one '- [x]' or use 'kind: multiple'",
                        kindLine)
                } else {
                    kind = .singleChoice(options: options.map(\.text), correct: correct.first!)
                }
            } else {
                kind = .multipleChoice(options: options.map(\.text), correct: correct)
            }
        case "true-false", "truefalse", "true/false", "boolean":
            switch answers.last?.value.lowercased() {
            case "true", "yes": kind = .trueFalse(answer: true)
            case "false", "no": kind = .trueFalse(answer: false)
            default: error("true-false question '\(id)' needs 'answer: true' or 'answer: false'", answers.last?.line ?? line)
            }
        case "order", "ordering":
            var seen: Set<String> = []
            for step in steps where !seen.insert(step.text.lowercased()).inserted {
                error("duplicate step '\(step.text)'; each step must differ", step.line)
            }
            if steps.count < 2 {
                error("ordering question '\(id)' needs at least two numbered steps ('1. ...', '2. ...') in the right order", line)
            } else {
                kind = .ordering(steps: steps.map(\.text))
            }
        case "short":
            let accepted = answers.map(\.value).filter { !$0.isEmpty }
            if accepted.isEmpty {
                error("short-answer question '\(id)' has no accepted answer; add 'answer: ...' lines", line)
            } else {
                var seen: Set<String> = []
                for answer in answers where !seen.insert(answer.value.lowercased()).inserted {
                    error("duplicate accepted answer '\(answer.value)'", answer.line)
                }
                let typos = fields["typos"]?.last?.value.lowercased() ?? "yes"
                kind = .shortAnswer(accepted: accepted, allowsTypos: !["no", "false", "off", "never"].contains(typos))
            }
        default:
            error("unknown question kind '\(kindName ?? "")'; use single, multiple, true-false, order or short", kindLine)
        }

        guard hasID, let kind, let competency, let articleField else { return (nil, diagnostics) }
        let question = QuizQuestion(
            id: id, kind: kind, prompt: prompt, competency: competency.value, articleID: articleField.value,
            explanation: explanationText, origin: .quizFile(path: article.path, line: line), sourceID: article.id,
            topics: defaults.topics)
        return (question, diagnostics)
    }

    /// The prompt and the `{#id}` of a heading.
    static func splitHeading(_ heading: String) -> (prompt: String, id: String?) {
        let text = heading.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else { return (text, nil) }
        let id = text[open.upperBound...].dropLast().trimmingCharacters(in: .whitespaces)
        return (text[..<open.lowerBound].trimmingCharacters(in: .whitespaces), id)
    }

    /// `- [x] text` / `- [ ] text` (also `*` bullets and upper-case X).
    static func option(_ line: String) -> (text: String, isCorrect: Bool)? {
        guard line.hasPrefix("- [") || line.hasPrefix("* [") else { return nil }
        let rest = line.dropFirst(3)
        guard let mark = rest.first, rest.dropFirst().first == "]" else { return nil }
        let text = rest.dropFirst(2).trimmingCharacters(in: .whitespaces)
        switch mark {
        case "x", "X": return (text, true)
        case " ": return (text, false)
        default: return nil
        }
    }

    /// The text of `1. text` or `1) text`.
    static func numberedItem(_ line: String) -> String? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return rest.dropFirst(2).trimmingCharacters(in: .whitespaces)
    }

    /// A slug of the prompt, offered when an id is missing.
    /// An id made of the prompt's first five telling words, whole: apostrophes do not split a word
    /// ("customer's" is "customers"), and small words are left out.
    static func suggestedID(_ prompt: String) -> String {
        let small: Set<String> = [
            "a", "an", "the", "of", "to", "for", "in", "on", "at", "by", "is", "are", "was", "be", "do", "does", "did", "can", "may",
            "what", "which", "who", "how", "when", "where", "why", "and", "or", "if", "it", "its", "with", "you", "your", "has", "have",
        ]
        let words = prompt.lowercased().replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "’", with: "")
            .split { !($0.isLetter || $0.isNumber) }.map(String.init)
        let telling = words.filter { !small.contains($0) }
        let chosen = (telling.isEmpty ? words : telling).prefix(5)
        return chosen.isEmpty ? "question-id" : chosen.joined(separator: "-")
    }
}
