import KnowledgeBase
import Search

/// How a typed answer compares with the accepted answers of a short-answer question.
public struct ShortAnswerMatch: Sendable, Hashable {
    /// Whether the answer counts as right.
    public var isAccepted: Bool
    /// Whether it counted only thanks to a forgiven typo.
    public var hasForgivenTypo: Bool
    /// The accepted answer closest to what was typed.
    public var closestAnswer: String
    /// What was typed against ``closestAnswer``, character by character.
    public var differences: [TextDifference]
}

/// One run of a character diff between a typed answer and an accepted one.
public struct TextDifference: Sendable, Hashable {
    /// Whether the text is common to both, only in the accepted answer, or only in the typed one.
    public enum Kind: Sendable, Hashable {
        case same
        /// In the accepted answer, missing from what was typed.
        case missing
        /// Typed, but not in the accepted answer.
        case extra
    }

    /// Whose text this run is.
    public var kind: Kind
    /// The characters of the run.
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Matches typed answers through the shared text analysis, so that `30 days`, `thirty days` and
/// `30-day` all count, word forms and synonyms are equal, and typos are forgiven where allowed.
public struct ShortAnswerMatcher: Sendable {
    /// The shared analysis (tokens, folding, numbers, stems, synonyms).
    public let analyzer: TextAnalyzer

    public init(analyzer: TextAnalyzer = TextAnalyzer()) {
        self.analyzer = analyzer
    }

    /// Whether `response` matches one of `accepted`.
    ///
    /// Every significant word of an accepted answer must appear in the response, in order, the same
    /// after analysis (stem, number word, compound), a synonym, or, when `allowsTypos`, within the typo
    /// allowance. The response may carry one extra word ("within 30 days"), but never an extra number.
    ///
    /// - Complexity: O(a·r) per accepted answer of a words against r typed words.
    ///
    /// A bare figure ("3" for "3 authorised persons") is right too, unless its unit is a length of
    /// time the question does not name: "30" is no answer to "how long", but is to "how many days".
    public func match(_ response: String, accepted: [String], allowsTypos: Bool, prompt: String = "") -> ShortAnswerMatch {
        let typed = slots(response)
        var best: (answer: String, typo: Bool)?
        for answer in accepted {
            if Self.givesTheFigure(response, of: answer, prompt: prompt) {
                best = (answer, false)
                break
            }
            if let typo = matches(typed, slots(answer), allowsTypos: allowsTypos) {
                if best == nil || (best!.typo && !typo) { best = (answer, typo) }
                if !typo { break }
            }
        }
        let folded = response.trimmingCharacters(in: .whitespacesAndNewlines)
        let closest =
            best?.answer
            ?? accepted.min {
                EditDistance.between($0.lowercased(), folded.lowercased()) < EditDistance.between($1.lowercased(), folded.lowercased())
            } ?? ""
        return ShortAnswerMatch(
            isAccepted: best != nil, hasForgivenTypo: best?.typo ?? false, closestAnswer: closest,
            differences: Self.differences(typed: folded, accepted: closest))
    }

    /// Whether `response` is the one figure of `answer` on its own, perhaps with its unit cut short:
    /// "3" for "3 authorised persons", "18" for "18 or over", "2m" for "2 metres". The question asked
    /// for that figure; the words around it are the article's.
    static func givesTheFigure(_ response: String, of answer: String, prompt: String = "") -> Bool {
        let typed = response.lowercased().filter { !$0.isWhitespace }
        guard let figure = typed.range(of: #"^\$?[0-9]+(\.[0-9]+)?"#, options: .regularExpression) else { return false }
        let number = typed[figure].filter { $0 != "$" }
        let unit = typed[figure.upperBound...]
        guard unit.allSatisfy(\.isLetter) else { return false }
        let numbers = answer.matches(of: /[0-9]+(\.[0-9]+)?/).map { String($0.output.0) }
        guard numbers.count == 1, numbers[0] == number, let at = answer.range(of: numbers[0]) else { return false }
        let after = answer[at.upperBound...].lowercased().split { !$0.isLetter }.first.map(String.init) ?? ""
        if !unit.isEmpty { return after.hasPrefix(unit) }
        let times = ["second", "minute", "hour", "day", "week", "month", "year"]
        guard let time = times.first(where: { after.hasPrefix($0) }) else { return true }
        return prompt.lowercased().contains(time)
    }

    /// The tokens at each position, stop words dropped unless the text has nothing else.
    func slots(_ text: String) -> [[Token]] {
        let tokens = analyzer.tokens(in: String(text.prefix(500)))
        var byPosition: [Int: [Token]] = [:]
        for token in tokens { byPosition[token.position, default: []].append(token) }
        let all = byPosition.keys.sorted().map { byPosition[$0]! }
        let content = all.filter { !$0.allSatisfy(\.isStopWord) }
        return content.isEmpty ? all : content
    }

    /// `nil` when `typed` does not match `answer`, else whether a typo was needed.
    func matches(_ typed: [[Token]], _ answer: [[Token]], allowsTypos: Bool) -> Bool? {
        guard !answer.isEmpty, !typed.isEmpty else { return nil }
        if Self.joined(typed, \.stem) == Self.joined(answer, \.stem) || Self.joined(typed, \.text) == Self.joined(answer, \.text) {
            return false
        }
        var usedTypo = false
        var matched: Set<Int> = []
        var next = 0
        for slot in answer {
            var found: Int?
            var index = next
            while index < typed.count {
                if let kind = slotMatch(typed[index], slot, allowsTypos: allowsTypos) {
                    found = index
                    if kind == .typo { usedTypo = true }
                    break
                }
                index += 1
            }
            guard let found else { return nil }
            matched.insert(found)
            next = found + 1
        }
        let extra = typed.indices.filter { !matched.contains($0) }
        if extra.count > 1 { return nil }
        if extra.contains(where: { typed[$0].contains { $0.text.contains(where: \.isNumber) } }) { return nil }
        return usedTypo
    }

    private func slotMatch(_ typed: [Token], _ answer: [Token], allowsTypos: Bool) -> TermMatch? {
        var result: TermMatch?
        for a in answer {
            for t in typed {
                switch termMatch(t, a) {
                case .exact?, .synonym?: return .exact
                case .typo? where allowsTypos: result = .typo
                default:
                    if analyzer.synonyms.alternatives(for: [a.stem]).contains([t.stem]) { return .exact }
                }
            }
        }
        return result
    }

    /// The stems (or folded texts) of the first token at each position, letters and digits only, run together,
    /// so that `30days`, `30-day` and `30 days` compare equal.
    private static func joined(_ slots: [[Token]], _ form: KeyPath<Token, String>) -> String {
        String(slots.compactMap(\.first).map { $0[keyPath: form] }.joined().filter { $0.isLetter || $0.isNumber })
    }

    /// A character diff of `typed` against `accepted` (case-insensitive), by longest common subsequence.
    ///
    /// - Complexity: O(t·a), with both cut to 200 characters.
    public static func differences(typed: String, accepted: String) -> [TextDifference] {
        let a = Array(typed.prefix(200))
        let b = Array(accepted.prefix(200))
        let n = a.count
        let m = b.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] =
                        a[i].lowercased() == b[j].lowercased() ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
        }
        var result: [TextDifference] = []
        func append(_ kind: TextDifference.Kind, _ character: Character) {
            if let last = result.last, last.kind == kind {
                result[result.count - 1].text.append(character)
            } else {
                result.append(TextDifference(kind: kind, text: String(character)))
            }
        }
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i].lowercased() == b[j].lowercased() {
                append(.same, b[j])
                i += 1
                j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                append(.missing, b[j])
                j += 1
            } else {
                append(.extra, a[i])
                i += 1
            }
        }
        return result
    }
}
