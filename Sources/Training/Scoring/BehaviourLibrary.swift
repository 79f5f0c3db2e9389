import Foundation
import KnowledgeBase

/// A competency behaviour a reply may show: an apology, an owned next step, a refusal with a reason.
/// Expectations name it (`@apology`) instead of, or beside, their own phrases.
public struct Behaviour: Sendable, Hashable {
    /// The id the rubric names it by (the `##` heading).
    public var id: String
    /// What the behaviour is, in plain words: the hint and the feedback a trainee sees.
    public var description: String
    /// Patterns that show it, matched like evidence phrases (any order within a sentence, other word
    /// forms, paraphrases, `{time}`, `{amount}` and `{name}` slots).
    public var phrases: [String]
    /// The file line of the heading.
    public var line: Int
}

/// A tone red flag every reply is checked for, whatever the scenario: blame, dismissal, sarcasm.
public struct ToneFlag: Sendable, Hashable {
    /// The id (the heading after `red flag:`).
    public var id: String
    /// Why it costs points, shown to the trainee.
    public var reason: String
    /// Points taken away.
    public var penalty: Int
    /// Whether the points come off de-escalation (when the scenario trains it) rather than diplomacy.
    public var costsDeEscalation: Bool
    /// Patterns that show it; every word must be found, in order, with at most one word between.
    public var phrases: [String]
    /// The file line of the heading.
    public var line: Int
}

/// The behaviours and tone red flags of a content folder's behaviour library (`type: behaviours`).
///
/// ```markdown
/// ## apology
/// Say sorry for what went wrong.
///
/// - sorry
/// - apologise
///
/// ## red flag: blame (2)
/// Blames the customer.
///
/// - your fault
/// ```
/// A red-flag heading may add `de-escalation` after the penalty: `## red flag: dismissal (2, de-escalation)`.
public struct BehaviourLibrary: Sendable {
    /// Behaviours by id.
    public var behaviours: [String: Behaviour]
    /// Tone red flags, in file order.
    public var toneFlags: [ToneFlag]
    /// Problems found while reading.
    public var diagnostics: [Diagnostic]

    /// An empty library.
    public static let empty = BehaviourLibrary(behaviours: [:], toneFlags: [], diagnostics: [])

    /// Every behaviour library file of `knowledgeBase`, merged (a later file's heading replaces an earlier one).
    public init(knowledgeBase: KnowledgeBase) {
        var library = BehaviourLibrary.empty
        for article in knowledgeBase.articles(of: .behaviours) {
            let parsed = BehaviourLibrary.parse(article)
            library.behaviours.merge(parsed.behaviours) { $1 }
            library.toneFlags.removeAll { flag in parsed.toneFlags.contains { $0.id == flag.id } }
            library.toneFlags += parsed.toneFlags
            library.diagnostics += parsed.diagnostics
        }
        self = library
    }

    init(behaviours: [String: Behaviour], toneFlags: [ToneFlag], diagnostics: [Diagnostic]) {
        self.behaviours = behaviours
        self.toneFlags = toneFlags
        self.diagnostics = diagnostics
    }

    /// The behaviour with `id`.
    public func behaviour(_ id: String) -> Behaviour? { behaviours[id] }

    /// Parses one library file.
    static func parse(_ article: Article) -> BehaviourLibrary {
        var library = BehaviourLibrary.empty
        func error(_ message: String, _ line: Int) { library.diagnostics.append(.error(message, path: article.path, line: line)) }
        let (_, sections) = MarkdownLines.sections(MarkdownLines.lines(of: article), level: 2)
        for (heading, body) in sections {
            let title = heading.headingText.withoutInlineMarks.trimmedText
            var description: [String] = []
            var phrases: [String] = []
            for line in body {
                if let item = line.listItemText {
                    let phrase = item.trimmingCharacters(in: CharacterSet(charactersIn: "\"“” "))
                    if !phrase.isEmpty { phrases.append(phrase) }
                } else if line.headingLevel == nil, !line.trimmed.isEmpty, phrases.isEmpty {
                    description.append(line.trimmed)
                }
            }
            let about = description.joined(separator: " ")
            if phrases.isEmpty {
                error("'\(title)' lists no phrases; add list items such as '- sorry'", heading.number)
                continue
            }
            if title.lowercased().hasPrefix("red flag:") {
                var rest = title.dropFirst("red flag:".count).trimmingCharacters(in: .whitespaces)
                var penalty = 2
                var costsDeEscalation = false
                if let open = rest.lastIndex(of: "("), rest.hasSuffix(")") {
                    let options = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)].split(separator: ",")
                        .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    for option in options {
                        if let number = Int(option), (1...10).contains(number) {
                            penalty = number
                        } else if option == "de-escalation" {
                            costsDeEscalation = true
                        } else {
                            error(
                                "unknown red-flag option '\(option)'; write a penalty from 1 to 10 and optionally 'de-escalation'",
                                heading.number)
                        }
                    }
                    rest = rest[..<open].trimmingCharacters(in: .whitespaces)
                }
                guard !rest.isEmpty else {
                    error("red flag has no name; write '## red flag: blame (2)'", heading.number)
                    continue
                }
                library.toneFlags.append(
                    ToneFlag(
                        id: rest, reason: about.isEmpty ? rest : about, penalty: penalty, costsDeEscalation: costsDeEscalation,
                        phrases: phrases, line: heading.number))
            } else {
                guard !title.contains(" ") else {
                    error(
                        "behaviour id '\(title)' contains spaces; use a short id such as 'next-step' that a rubric can name as '@next-step'",
                        heading.number)
                    continue
                }
                if library.behaviours[title] != nil {
                    error("behaviour '\(title)' is defined twice in this file; keep one", heading.number)
                }
                library.behaviours[title] = Behaviour(
                    id: title, description: about.isEmpty ? title : about, phrases: phrases, line: heading.number)
            }
        }
        return library
    }
}
