import Foundation
import KnowledgeBase

/// Reads a scenario file (front matter plus `##` steps with rubric lists) into a ``Scenario``.
///
/// Parsing never stops at the first problem: every problem becomes a ``Diagnostic`` on its file line and
/// the rest of the file is still read. Cross-file checks (articles, reachability) live in ``ScenarioCheck``.
public enum ScenarioParser {
    /// The rubric keywords that may start a list item in a step.
    static let keywords = ["expect", "critical", "flag", "fact", "then", "model", "alternative"]

    /// Parses `article`; the result is `nil` only when the file has no usable step at all.
    public static func parse(_ article: Article, framework: CompetencyFramework = .builtIn) -> (
        scenario: Scenario?, diagnostics: [Diagnostic]
    ) {
        var diagnostics: [Diagnostic] = []
        let path = article.path
        func error(_ message: String, _ line: Int?) { diagnostics.append(.error(message, path: path, line: line)) }
        func warning(_ message: String, _ line: Int?) { diagnostics.append(.warning(message, path: path, line: line)) }
        let front = article.frontMatter

        func scalar(_ key: String) -> (String, Int)? {
            guard let field = front[key] else { return nil }
            if case .scalar(let value) = field.value, !value.trimmedText.isEmpty { return (value.trimmedText, field.line) }
            if field.value != .null { error("field '\(key)' should be a single value, found \(field.value.shapeName)", field.line) }
            return nil
        }
        func list(_ key: String) -> ([String], Int) {
            guard let field = front[key] else { return ([], article.bodyStartLine) }
            switch field.value {
            case .scalar(let value):
                return (value.split(separator: ",").map { String($0).trimmedText }.filter { !$0.isEmpty }, field.line)
            case .sequence(let items):
                return (items.compactMap { if case .scalar(let v) = $0 { return v.trimmedText } else { return nil } }, field.line)
            default:
                error("field '\(key)' should be a list like [a, b], found \(field.value.shapeName)", field.line)
                return ([], field.line)
            }
        }

        var channel = Channel.phone
        if let (value, line) = scalar("channel") {
            if let parsed = Channel(rawValue: value.lowercased()) {
                channel = parsed
            } else {
                error("unknown channel '\(value)'; use phone, chat, email or social", line)
            }
        } else {
            error("scenario has no 'channel'; add 'channel: phone' (or chat, email, social) to the front matter", 1)
        }
        var difficulty = Difficulty.beginner
        if let (value, line) = scalar("difficulty") {
            if let parsed = Difficulty(rawValue: value.lowercased()) {
                difficulty = parsed
            } else {
                error("unknown difficulty '\(value)'; use beginner, intermediate or advanced", line)
            }
        } else {
            error("scenario has no 'difficulty'; add 'difficulty: beginner' (or intermediate, advanced)", 1)
        }
        let (competencies, competenciesLine) = list("competencies")
        if competencies.isEmpty {
            error(
                "scenario trains no competencies; add 'competencies: [empathy, ...]' to the front matter", front["competencies"]?.line ?? 1)
        }
        for id in competencies where !framework.contains(id) {
            error(framework.unknownMessage(id), competenciesLine)
        }
        let (articleIDs, _) = list("articles")
        var passMark = Scenario.defaultPassMark
        if let (value, line) = scalar("pass_mark") {
            if let number = Int(value), (0...100).contains(number) {
                passMark = number
            } else {
                error("field 'pass_mark' should be a whole number from 0 to 100, found '\(value)'", line)
            }
        }
        var maxTurns = Scenario.defaultMaxTurns
        if let (value, line) = scalar("max_turns") {
            if let number = Int(value), (1...100).contains(number) {
                maxTurns = number
            } else {
                error("field 'max_turns' should be a whole number from 1 to 100, found '\(value)'", line)
            }
        }
        let persona = parsePersona(front, report: error)

        let lines = MarkdownLines.lines(of: article)
        let (preamble, sections) = MarkdownLines.sections(lines, level: 2)
        let briefing = preamble.filter { $0.headingLevel == nil }.map(\.trimmed).filter { !$0.isEmpty }.joined(separator: " ")

        var steps: [ScenarioStep] = []
        var closings: [Ending: ClosingLine] = [:]
        var seenSteps: [String: Int] = [:]
        for (heading, body) in sections {
            let id = heading.headingText.withoutInlineMarks
            if let first = seenSteps[id] {
                error("duplicate step '\(id)' (also on line \(first)); give each step its own heading", heading.number)
                continue
            }
            seenSteps[id] = heading.number
            if let ending = Ending(rawValue: id) {
                if ending == .abandoned {
                    error("step '\(id)' has the name of an ending; rename the step", heading.number)
                } else {
                    closings[ending] = parseClosing(ending, heading: heading, body: body, report: error)
                }
                continue
            }
            if id.contains(" ") {
                warning(
                    "step id '\(id)' contains spaces; use a short id like 'opening' or 'after-refund' so branches can name it",
                    heading.number)
            }
            steps.append(parseStep(id: id, heading: heading, body: body, framework: framework, report: error))
        }
        if steps.isEmpty {
            error("scenario has no steps; add a '## opening' section with the customer's first line", article.bodyStartLine)
            return (nil, diagnostics)
        }
        var scenario = Scenario(
            id: article.id, title: article.title, channel: channel, difficulty: difficulty, competencies: competencies,
            persona: persona, articleIDs: articleIDs, passMark: passMark, maxTurns: maxTurns, briefing: briefing, steps: steps,
            path: path)
        scenario.closings = closings
        return (scenario, diagnostics)
    }

    private static func parsePersona(_ front: FrontMatter, report: (String, Int?) -> Void) -> Persona {
        var persona = Persona(name: "", situation: "", mood: .calm)
        guard let field = front["persona"] else {
            report("scenario has no 'persona'; add a persona with name, situation and mood", 1)
            return persona
        }
        guard case .mapping(let values) = field.value else {
            report("field 'persona' should be a mapping with name, situation and mood, found \(field.value.shapeName)", field.line)
            return persona
        }
        func value(_ key: String) -> String? {
            if case .scalar(let text)? = values[key], !text.trimmedText.isEmpty { return text.trimmedText }
            return nil
        }
        if let name = value("name") { persona.name = name } else { report("persona has no 'name'", field.line) }
        if let situation = value("situation") {
            persona.situation = situation
        } else {
            report("persona has no 'situation'; say in one sentence what the trainee knows before the call", field.line)
        }
        if let mood = value("mood") {
            if let parsed = Mood(rawValue: mood.lowercased()) {
                persona.mood = parsed
            } else {
                report("unknown mood '\(mood)'; use one of \(Mood.allCases.map(\.rawValue).joined(separator: ", "))", field.line)
            }
        }
        return persona
    }

    /// One rubric list item with its continuation lines.
    private struct Item {
        var text: String
        var line: Int
    }

    private static func parseStep(
        id: String, heading: SourceLine, body: [SourceLine], framework: CompetencyFramework, report: (String, Int?) -> Void
    ) -> ScenarioStep {
        var step = ScenarioStep(
            id: id, customerLine: "", mood: nil, expectations: [], redFlags: [], facts: [], branches: [:], modelAnswer: "",
            line: heading.number)
        var customer: [String] = []
        var items: [Item] = []
        var inCustomer = false
        for line in body {
            let text = line.trimmed
            if text.isEmpty {
                if inCustomer, !customer.isEmpty { customer.append("\n") }
                continue
            }
            if let itemText = line.listItemText, line.indentation < 2 {
                inCustomer = false
                items.append(Item(text: itemText, line: line.number))
                continue
            }
            if !items.isEmpty, !inCustomer {
                items[items.count - 1].text += " " + text
                continue
            }
            // A customer line may also be written as a block quote ("> Customer: ...").
            let unquoted = text.hasPrefix(">") ? String(text.drop { $0 == ">" || $0 == " " }) : text
            if let (mood, rest, moodProblem) = customerPrefix(unquoted) {
                if let moodProblem { report(moodProblem, line.number) }
                step.mood = mood ?? step.mood
                if step.customerLineNumber == 0 { step.customerLineNumber = line.number }
                customer.append(rest)
                inCustomer = true
                continue
            }
            if text.hasPrefix(">") {
                if step.customerLineNumber == 0 { step.customerLineNumber = line.number }
                customer.append(String(text.dropFirst()).trimmedText)
                inCustomer = true
                continue
            }
            if inCustomer {
                customer.append(text)
                continue
            }
            if line.headingLevel != nil { continue }
            report(
                "text outside the customer line and the rubric list; start the customer's words with 'Customer:' or make it a list item",
                line.number)
        }
        step.customerLine = customer.joined(separator: " ").replacingOccurrences(of: " \n ", with: "\n\n")
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: " \n", with: "\n")
        if step.customerLine.isEmpty {
            report("step '\(id)' has no customer line; add 'Customer (mood): what the customer says'", heading.number)
        }
        // A catch-all `then:` fills only the bands the specific lines left open, wherever it is written.
        func isCatchAll(_ item: Item) -> Bool {
            item.text.lowercased().replacingOccurrences(of: " ", with: "").hasPrefix("then:")
        }
        for item in items.filter({ !isCatchAll($0) }) + items.filter(isCatchAll) {
            parseItem(item, into: &step, framework: framework, report: report)
        }
        if step.expectations.isEmpty && !step.facts.contains(where: { $0.weight > 0 }) {
            report("step '\(id)' has no expectations; add '- expect COMPETENCY WEIGHT: what to do: \"phrase\", ...'", heading.number)
        }
        if step.modelAnswer.isEmpty {
            report("step '\(id)' has no model answer; add '- model: what a good agent would say'", heading.number)
        }
        if step.branches.isEmpty {
            report("step '\(id)' has no branches; add '- then: resolved' or '- then good: NEXT-STEP' lines", heading.number)
        } else {
            for band in [ScoreBand.good, .fair, .poor] where step.branches[band] == nil {
                report(
                    "step '\(id)' has no branch for a \(band.rawValue) reply; add '- then \(band.rawValue): STEP' or '- then: STEP' for every band",
                    heading.number)
            }
        }
        return step
    }

    /// An ending's section (`## resolved`): only the customer's closing words, `Customer (mood): …`.
    private static func parseClosing(_ ending: Ending, heading: SourceLine, body: [SourceLine], report: (String, Int?) -> Void)
        -> ClosingLine?
    {
        var words: [String] = []
        var mood: Mood? = nil
        for line in body where !line.trimmed.isEmpty && line.headingLevel == nil {
            let text = line.trimmed.hasPrefix(">") ? String(line.trimmed.drop { $0 == ">" || $0 == " " }) : line.trimmed
            if line.listItemText != nil {
                report("the '\(ending.rawValue)' section holds only the customer's closing words; move rubric items to a step", line.number)
            } else if let (parsed, rest, problem) = customerPrefix(text) {
                if let problem { report(problem, line.number) }
                mood = parsed ?? mood
                words.append(rest)
            } else if !words.isEmpty {
                words.append(text)
            } else {
                report("start the customer's closing words with 'Customer:' (or 'Customer (calm):')", line.number)
            }
        }
        let text = words.joined(separator: " ").trimmedText
        if text.isEmpty {
            report("the '\(ending.rawValue)' section has no closing words; add 'Customer (calm): …' or remove the section", heading.number)
            return nil
        }
        return ClosingLine(text: text, mood: mood, line: heading.number)
    }

    /// `Customer (mood): text` → the mood, the text, and a problem with the mood.
    private static func customerPrefix(_ text: String) -> (Mood?, String, String?)? {
        let plain = text.withoutInlineMarks
        guard plain.lowercased().hasPrefix("customer") else { return nil }
        var rest = plain.dropFirst("customer".count).trimmingCharacters(in: .whitespaces)
        var mood: Mood? = nil
        var problem: String? = nil
        if rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
            let word = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces).lowercased()
            if let parsed = Mood(rawValue: word) {
                mood = parsed
            } else {
                problem = "unknown mood '\(word)'; use one of \(Mood.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            rest = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
        }
        guard rest.hasPrefix(":") else { return nil }
        return (mood, String(rest.dropFirst()).trimmedText, problem)
    }

    private static func parseItem(
        _ item: Item, into step: inout ScenarioStep, framework: CompetencyFramework, report: (String, Int?) -> Void
    ) {
        let text = item.text
        let keyword = String(text.prefix { $0.isLetter }).lowercased()
        guard keywords.contains(keyword) else {
            report(
                "unknown rubric line '\(String(text.prefix(30)))'; start it with expect, critical, flag, fact, then, model or alternative",
                item.line)
            return
        }
        let afterKeyword = String(text.dropFirst(keyword.count))
        guard let colon = afterKeyword.firstIndex(of: ":") else {
            report("rubric line '\(keyword)' needs a ':' after its \(keyword == "then" ? "band" : "competency")", item.line)
            return
        }
        let head = afterKeyword[..<colon].trimmingCharacters(in: .whitespaces)
        let rest = String(afterKeyword[afterKeyword.index(after: colon)...]).trimmedText
        switch keyword {
        case "expect", "critical":
            var head = head
            var key: String? = nil
            if let open = head.firstIndex(of: "["), let close = head[open...].firstIndex(of: "]") {
                key = head[head.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                head = String(head[..<open] + head[head.index(after: close)...])
                if key?.isEmpty ?? true || key!.contains(" ") {
                    report("expectation key '[\(key ?? "")]' should be one short word, such as '[offer]'", item.line)
                    key = nil
                }
            }
            let (competency, weight) = competencyAndNumber(head, defaultNumber: 1, item: item, report: report)
            guard let competency else {
                report("'\(keyword)' needs a competency: '- \(keyword) empathy 2: what to do: \"phrase\"'", item.line)
                return
            }
            if !framework.contains(competency) { report(framework.unknownMessage(competency), item.line) }
            var (description, phrases) = descriptionAndPhrases(rest)
            _ = behaviourReferences(&description)
            var unquoted = rest.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
            let behaviours = behaviourReferences(&unquoted)
            if phrases.isEmpty && behaviours.isEmpty {
                report(
                    "expectation '\(description)' has no evidence phrases or behaviours, so no reply could meet it; add phrases in double quotes or a behaviour such as @apology",
                    item.line)
            }
            if !(1...5).contains(weight) { report("weight \(weight) is out of range; use 1 to 5", item.line) }
            if let key, step.expectations.contains(where: { $0.key == key }) {
                report("expectation key '[\(key)]' is used twice in step '\(step.id)'; give each its own", item.line)
            }
            step.expectations.append(
                Expectation(
                    competency: competency, weight: weight,
                    description: description.isEmpty ? phrases.first ?? behaviours.first ?? "" : description,
                    phrases: phrases, isCritical: keyword == "critical", line: item.line, behaviours: behaviours, key: key))
        case "flag":
            let (competency, penalty) = competencyAndNumber(head, defaultNumber: 2, item: item, report: report)
            let chosen = competency ?? "diplomacy"
            if !framework.contains(chosen) { report(framework.unknownMessage(chosen), item.line) }
            let (reason, phrases) = descriptionAndPhrases(rest)
            if phrases.isEmpty { report("red flag '\(reason)' has no phrases in double quotes", item.line) }
            if !(1...10).contains(penalty) { report("penalty \(penalty) is out of range; use 1 to 10", item.line) }
            step.redFlags.append(RedFlagRule(competency: chosen, penalty: penalty, reason: reason, phrases: phrases, line: item.line))
        case "fact":
            let parts = head.split(separator: " ").map(String.init)
            guard let articleID = parts.first else {
                report("'fact' needs an article id: '- fact refunds: return window = 30 days'", item.line)
                return
            }
            var weight = 0
            if parts.count > 1 {
                if let number = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "x×()"))), (0...5).contains(number) {
                    weight = number
                } else {
                    report("fact weight '\(parts[1])' should be a whole number from 0 to 5", item.line)
                }
            }
            let sides = rest.split(separator: "=", maxSplits: 1).map { String($0).trimmedText }
            guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else {
                report("fact needs 'topic = figure', such as '- fact refunds: change-of-mind return window = 30 days'", item.line)
                return
            }
            let figure = sides[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"“”"))
            if Quantity.parse(figure).isEmpty {
                report("fact figure '\(figure)' has no number or amount; facts compare figures such as '30 days' or '$4.99'", item.line)
            }
            step.facts.append(PolicyFact(articleID: articleID, topic: sides[0], figure: figure, weight: weight, line: item.line))
        case "then":
            let target = rest.withoutInlineMarks.trimmedText
            let words = head.split(separator: " ").map { String($0).lowercased() }
            if let first = words.first, first == "met" || first == "missed" {
                guard words.count == 2, words[1].hasPrefix("["), words[1].hasSuffix("]"), words[1].count > 2 else {
                    report("a conditional branch reads '- then \(first) [KEY]: STEP', naming an expectation's key", item.line)
                    return
                }
                guard !target.isEmpty, !target.contains(" ") else {
                    report("branch needs one step id or ending after ':' (resolved, escalated, customer-left)", item.line)
                    return
                }
                step.conditionalBranches.append(
                    ConditionalBranch(
                        expectation: String(words[1].dropFirst().dropLast()), whenMet: first == "met", destination: Destination(target),
                        line: item.line))
                return
            }
            let bands = head.split(whereSeparator: { $0 == "," || $0 == " " }).map { String($0).lowercased() }
            guard !target.isEmpty, !target.contains(" ") else {
                report("branch needs one step id or ending after ':' (resolved, escalated, customer-left)", item.line)
                return
            }
            let destination = Destination(target)
            if bands.isEmpty {
                // A catch-all covers the bands not given; hostile replies then follow the poor branch.
                for band in [ScoreBand.good, .fair, .poor] where step.branches[band] == nil {
                    step.branches[band] = destination
                    step.branchLines[band] = item.line
                }
            }
            for name in bands {
                guard let band = ScoreBand(rawValue: name) else {
                    report("unknown band '\(name)'; use good, fair, poor or hostile", item.line)
                    continue
                }
                if step.branches[band] != nil, step.branchLines[band] != item.line {
                    report("band '\(name)' already has a branch on line \(step.branchLines[band] ?? 0)", item.line)
                }
                step.branches[band] = destination
                step.branchLines[band] = item.line
            }
        case "alternative":
            if head.isEmpty == false { report("'alternative' takes no words before ':'", item.line) }
            if rest.isEmpty {
                report("'alternative' needs the answer after ':', another good reply in other words", item.line)
            } else {
                step.alternativeAnswers.append(rest)
                step.alternativeLines.append(item.line)
            }
        default:
            step.modelAnswer = [step.modelAnswer, rest].filter { !$0.isEmpty }.joined(separator: " ")
            if head.isEmpty == false {
                report("'model' takes no words before ':'", item.line)
            }
        }
    }

    /// `empathy 2` → ("empathy", 2); the number may be written `x2`, `×2` or `(2)`.
    private static func competencyAndNumber(
        _ head: String, defaultNumber: Int, item: Item, report: (String, Int?) -> Void
    ) -> (String?, Int) {
        let parts = head.split(separator: " ").map(String.init)
        var competency: String? = nil
        var number = defaultNumber
        for part in parts {
            let digits = part.trimmingCharacters(in: CharacterSet(charactersIn: "x×()"))
            if let value = Int(digits) {
                number = value
            } else if competency == nil {
                competency = part.lowercased()
            } else {
                report("unexpected '\(part)' before ':'; write the competency then an optional weight", item.line)
            }
        }
        return (competency, number)
    }

    /// Takes the `@behaviour` references out of a description and returns them.
    static func behaviourReferences(_ description: inout String) -> [String] {
        var references: [String] = []
        var kept: [Substring] = []
        for word in description.split(separator: " ") {
            let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: ",;"))
            if trimmed.hasPrefix("@"), trimmed.count > 1 {
                references.append(String(trimmed.dropFirst()))
            } else {
                kept.append(word)
            }
        }
        description = kept.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " :-—–,;"))
        return references
    }

    /// Splits `what to do: "phrase one", "phrase two"` into the description and the quoted phrases.
    static func descriptionAndPhrases(_ text: String) -> (String, [String]) {
        var phrases: [String] = []
        var description = ""
        var current = ""
        var inQuote = false
        var seenQuote = false
        for character in text {
            if character == "\"" || character == "“" || character == "”" {
                if inQuote {
                    phrases.append(current.trimmedText)
                    current = ""
                }
                inQuote.toggle()
                seenQuote = true
                continue
            }
            if inQuote {
                current.append(character)
            } else if !seenQuote {
                description.append(character)
            }
        }
        description = description.trimmingCharacters(in: CharacterSet(charactersIn: " :-—–,;"))
        return (description, phrases)
    }
}
