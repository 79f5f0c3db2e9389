import Foundation
import KnowledgeBase

/// A named skill that scenarios and quizzes are scored against, from the trainer's framework file.
public struct Competency: Sendable, Hashable, Codable, Identifiable {
    /// Stable identifier, such as `active-listening`.
    public var id: String
    /// The display name, such as "Active listening".
    public var name: String
    /// The ESCO skills the competency comes from.
    public var escoSkills: [String]
    /// What the competency covers, in the trainer's words.
    public var description: String
    /// Observable behaviours of an agent who has the competency.
    public var whatGoodLooksLike: [String]
    /// Where the competency is best seen: in behaviour (role-plays weigh two thirds of its level) or
    /// in knowledge (quizzes and role-plays weigh half each). From the framework's `shown in:` line.
    public var shownIn: Evidence = .both

    /// What kind of evidence shows a competency best.
    public enum Evidence: String, Sendable, Hashable, Codable {
        /// Role-plays: how an agent speaks and acts.
        case rolePlays = "role-plays"
        /// Quizzes and role-plays alike.
        case both
    }

    /// The weight of role-play scores in the level when there are quiz answers too.
    public var rolePlayWeight: Double { shownIn == .rolePlays ? 2.0 / 3.0 : 0.5 }

    /// The framework file the competency was read from (empty for the built-in list).
    public var path: String
    /// The file line of the competency's heading (0 for the built-in list).
    public var line: Int

    /// Creates a competency.
    public init(
        id: String, name: String, escoSkills: [String] = [], description: String = "", whatGoodLooksLike: [String] = [],
        path: String = "", line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.escoSkills = escoSkills
        self.description = description
        self.whatGoodLooksLike = whatGoodLooksLike
        self.path = path
        self.line = line
    }
}

/// The competency framework: every competency a scenario or quiz may name.
public struct CompetencyFramework: Sendable {
    /// The competencies in the order the framework lists them.
    public private(set) var competencies: [Competency]
    private var indexByID: [String: Int]

    /// The weight of role-plays in each competency's level, by id (see ``Competency/rolePlayWeight``).
    public var rolePlayWeights: [String: Double] {
        Dictionary(competencies.map { ($0.id, $0.rolePlayWeight) }, uniquingKeysWith: { first, _ in first })
    }

    /// Creates a framework from competencies in display order.
    public init(competencies: [Competency]) {
        self.competencies = competencies
        var index: [String: Int] = [:]
        for (position, competency) in competencies.enumerated() where index[competency.id] == nil {
            index[competency.id] = position
        }
        indexByID = index
    }

    /// The twelve standard competency ids shared by scenarios, quizzes and progress, with their names.
    public static let standard: [(id: String, name: String)] = [
        ("active-listening", "Active listening"),
        ("empathy", "Empathy"),
        ("de-escalation", "De-escalation"),
        ("clear-communication", "Clear communication"),
        ("policy-accuracy", "Policy accuracy"),
        ("problem-solving", "Problem solving"),
        ("escalation", "Escalation"),
        ("refunds-and-orders", "Refunds and orders"),
        ("record-keeping", "Record keeping"),
        ("diplomacy", "Diplomacy and tone"),
        ("follow-up", "Follow-up"),
        ("data-protection", "Identity and data protection"),
    ]

    /// The standard competencies with names only, used when a content folder has no framework file.
    public static let builtIn = CompetencyFramework(
        competencies: standard.map { Competency(id: $0.id, name: $0.name) })

    /// The ids in framework order.
    public var ids: [String] { competencies.map(\.id) }

    /// The competency with `id`, if the framework has it.
    public func competency(id: String) -> Competency? { indexByID[id].map { competencies[$0] } }

    /// Whether the framework has a competency with `id`.
    public func contains(_ id: String) -> Bool { indexByID[id] != nil }

    /// The display name of `id`, or the id itself when unknown.
    public func name(of id: String) -> String { competency(id: id)?.name ?? id }

    /// The closest known id to a misspelt one, for "did you mean" messages.
    public func suggestion(for unknownID: String) -> String? {
        EditDistance.closest(to: unknownID, among: ids)
    }

    /// The diagnostic message for an unknown competency id, with a suggestion when one is close.
    func unknownMessage(_ id: String) -> String {
        var message = "unknown competency '\(id)'"
        if let suggestion = suggestion(for: id) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += "; known ids are listed in the competency framework file"
        }
        return message
    }

    /// The framework of a knowledge base: its `competencies` articles merged in path order, else
    /// ``builtIn``. Problems in the framework files come back as diagnostics.
    public static func load(from knowledgeBase: KnowledgeBase) -> (framework: CompetencyFramework, diagnostics: [Diagnostic]) {
        let articles = knowledgeBase.articles(of: .competencies)
        guard !articles.isEmpty else { return (builtIn, []) }
        var competencies: [Competency] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Competency] = [:]
        for article in articles {
            let parsed = parse(article)
            diagnostics += parsed.diagnostics
            for competency in parsed.framework.competencies {
                if let first = seen[competency.id] {
                    diagnostics.append(
                        .error(
                            "duplicate competency id '\(competency.id)' (also at \(first.path):\(first.line)); give each competency its own id",
                            path: competency.path, line: competency.line))
                    continue
                }
                seen[competency.id] = competency
                competencies.append(competency)
            }
        }
        let framework = CompetencyFramework(competencies: competencies)
        if let first = articles.first {
            let missing = standard.map(\.id).filter { !framework.contains($0) }
            if !missing.isEmpty {
                diagnostics.append(
                    .warning(
                        "the framework lacks the standard competenc\(missing.count == 1 ? "y" : "ies") \(missing.map { "'\($0)'" }.joined(separator: ", ")); scenarios and quizzes that use \(missing.count == 1 ? "it" : "them") will be reported",
                        path: first.path, line: first.bodyStartLine))
            }
        }
        return (framework, diagnostics)
    }

    /// Parses one framework file: a `##` section per competency with `id:` and `esco:` lines, a
    /// description, and a "What good looks like" list.
    public static func parse(_ article: Article) -> (framework: CompetencyFramework, diagnostics: [Diagnostic]) {
        let (_, sections) = MarkdownLines.sections(MarkdownLines.lines(of: article), level: 2)
        var competencies: [Competency] = []
        var diagnostics: [Diagnostic] = []
        for (heading, body) in sections {
            let name = heading.headingText.withoutInlineMarks
            var id: String? = nil
            var esco: [String] = []
            var shownIn = Competency.Evidence.both
            var description: [String] = []
            var good: [String] = []
            var inGood = false
            for line in body {
                let text = line.trimmed
                if text.isEmpty { continue }
                let content = (line.listItemText ?? text).withoutInlineMarks
                if let (key, value) = field(content), ["id", "esco", "esco skill", "esco skills", "shown in"].contains(key) {
                    if key == "shown in" {
                        if let parsed = Competency.Evidence(rawValue: value.lowercased()) {
                            shownIn = parsed
                        } else {
                            diagnostics.append(
                                .error(
                                    "unknown 'shown in' value '\(value)'; use 'role-plays' (role-plays weigh two thirds of the level) or 'both'",
                                    path: article.path, line: line.number))
                        }
                    } else if key == "id" {
                        id = value
                        if !isValidID(value) {
                            diagnostics.append(
                                .error(
                                    "competency id '\(value)' should use only lower-case letters, digits and '-'",
                                    path: article.path, line: line.number))
                        }
                    } else {
                        esco += value.split(separator: ";").map { String($0).trimmedText }.filter { !$0.isEmpty }
                    }
                    continue
                }
                if isGoodMarker(line) {
                    inGood = true
                    continue
                }
                if inGood {
                    if let item = line.listItemText {
                        good.append(item.withoutInlineMarks)
                    } else if !good.isEmpty, line.indentation >= 2 {
                        good[good.count - 1] += " " + text.withoutInlineMarks
                    } else {
                        good.append(text.withoutInlineMarks)
                    }
                } else if line.headingLevel == nil {
                    description.append(text.withoutInlineMarks)
                }
            }
            guard let id else {
                diagnostics.append(
                    .error(
                        "competency '\(name)' has no id; add a line 'id: \(suggestedID(name))' under its heading",
                        path: article.path, line: heading.number))
                continue
            }
            if description.isEmpty {
                diagnostics.append(
                    .error(
                        "competency '\(id)' has no description; add a paragraph saying what it covers", path: article.path,
                        line: heading.number))
            }
            if good.isEmpty {
                diagnostics.append(
                    .error(
                        "competency '\(id)' has no 'What good looks like' list; add one with observable behaviours",
                        path: article.path, line: heading.number))
            }
            if esco.isEmpty {
                diagnostics.append(
                    .warning(
                        "competency '\(id)' names no ESCO skill; add a line 'esco: skill name'", path: article.path, line: heading.number))
            }
            var competency = Competency(
                id: id, name: name, escoSkills: esco, description: description.joined(separator: " "),
                whatGoodLooksLike: good, path: article.path, line: heading.number)
            competency.shownIn = shownIn
            competencies.append(competency)
        }
        if sections.isEmpty {
            diagnostics.append(
                .error(
                    "competency framework has no '##' sections; write one '## Name' section per competency",
                    path: article.path, line: article.bodyStartLine))
        }
        return (CompetencyFramework(competencies: competencies), diagnostics)
    }

    /// `key: value` with a lower-cased key, when the line has that shape.
    private static func field(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 12, !value.isEmpty else { return nil }
        return (key, value)
    }

    private static func isGoodMarker(_ line: SourceLine) -> Bool {
        let text = (line.headingLevel != nil ? line.headingText : line.trimmed).withoutInlineMarks.lowercased()
        return text.hasPrefix("what good looks like")
    }

    private static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }

    private static func suggestedID(_ name: String) -> String {
        name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }
}

/// The `frontline check` rule for competency framework files.
public struct CompetencyCheck: ContentCheck {
    /// Creates an empty value.
    public init() {}

    /// Problems in the framework files: missing ids, descriptions or behaviours, duplicates.
    public func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        CompetencyFramework.load(from: knowledgeBase).diagnostics
    }
}
