/// Feedback on one scored reply in plain words: what was done, what was missed and how to do it, what
/// went wrong, and the model answer. Every front end (the REPL, `roleplay`) shows the same wording.
public struct ReplyFeedback: Sendable, Hashable {
    /// One line of feedback.
    public struct Line: Sendable, Hashable {
        /// What the line says about the reply.
        public enum Kind: String, Sendable, Hashable {
            /// The score and its band.
            case headline
            /// Something the reply did.
            case done
            /// Something the reply should have done, with how.
            case missed
            /// A red flag or a figure that contradicts the policy.
            case problem
            /// A remark on how the reply was scored (repeats, keyword lists, open book).
            case note
            /// What a good agent would have said.
            case modelAnswer
        }

        /// What the line says about the reply.
        public var kind: Kind
        /// The words shown.
        public var text: String
    }

    /// The lines in the order they are shown.
    public var lines: [Line]

    /// The feedback on `result`; `names` turns competency ids into the names trainees know.
    public init(_ result: StepResult, competencyName names: (String) -> String = { $0 }) {
        let score = result.score
        var lines = [Line(kind: .headline, text: "\(Int(score.score.rounded()))/100 (\(result.branch.band.rawValue))")]
        for evidence in score.evidence {
            let what = evidence.expectation.isEmpty ? names(evidence.competency) : evidence.expectation
            lines.append(Line(kind: .done, text: "\(Self.sentence(what)): “\(evidence.matched)”"))
        }
        for miss in score.misses {
            var text = (miss.isCritical ? "Must: " : "") + Self.sentence(miss.expectation)
            if let negated = miss.negated { text += " (you said it in the negative: “\(negated)”)" }
            if !miss.hint.isEmpty, miss.hint != miss.expectation { text += ". " + Self.sentence(miss.hint) }
            lines.append(Line(kind: .missed, text: text))
        }
        for flag in score.redFlags {
            lines.append(Line(kind: .problem, text: "“\(flag.matched)” \(flag.reason) (\(names(flag.competency)))"))
        }
        for fact in score.factsContradicted {
            let source = fact.quote.isEmpty ? fact.expected : fact.quote
            lines.append(Line(kind: .problem, text: "“\(fact.stated)” is wrong: \(fact.article) says \(source)"))
        }
        for note in score.notes { lines.append(Line(kind: .note, text: Self.sentence(note))) }
        if !result.modelAnswer.isEmpty { lines.append(Line(kind: .modelAnswer, text: result.modelAnswer)) }
        self.lines = lines
    }

    /// `text` with its first letter in capitals.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
