import Foundation
import Search

/// The tone red flags used when the content has no behaviour library.
enum BuiltInFlag {
    static func make(prefersDeEscalation: Bool, penalty: Int, reason: String, phrases: [String]) -> ToneFlag {
        ToneFlag(id: reason, reason: reason, penalty: penalty, costsDeEscalation: prefersDeEscalation, phrases: phrases, line: 0)
    }

    static let all: [ToneFlag] = [
        make(
            prefersDeEscalation: true, penalty: 2, reason: "dismisses the customer",
            phrases: [
                "calm down", "nothing I can do", "nothing we can do", "not my problem", "not our problem", "not my job",
                "deal with it", "take it or leave it", "too bad for you", "I don't care", "that's just how it is",
                "that is just the way it is", "stop shouting", "stop complaining", "whatever you say", "you'll just have to wait",
                "can't help you", "not my department",
            ]),
        make(
            prefersDeEscalation: false, penalty: 2, reason: "blames the customer",
            phrases: [
                "your fault", "your own fault", "you should have", "you should've", "you should of", "you failed to",
                "you must have", "you were supposed to", "that's on you", "you didn't read", "you caused", "you people",
                "if you had read", "you need to read", "not our fault", "not my fault",
            ]),
        make(
            prefersDeEscalation: false, penalty: 2, reason: "sounds sarcastic",
            phrases: [
                "obviously", "as I already said", "as I already told you", "I already told you", "like I said",
                "good luck with that", "with all due respect", "did you even", "it's not rocket science",
                "sure you did", "read the terms",
            ]),
        make(
            prefersDeEscalation: false, penalty: 3, reason: "is rude",
            phrases: ["stupid", "idiot", "shut up", "crap", "damn", "bloody", "dumb", "pathetic", "moron"]),
    ]
}

/// Tone rules that read the reply as written (capitals, exclamation marks, ownership phrases).
enum Tone {
    /// Words that show politeness.
    static let politePhrases = [
        "please", "thank you", "thanks", "appreciate", "happy to help", "glad to help", "my pleasure", "kind regards", "regards",
        "you're welcome", "welcome",
    ]

    /// Ownership: the agent commits to act. Compiled once.
    static let ownershipPatterns = [
        #"\bi(?:'ll| will| am going to|'m going to| can| have| have just|'ve| just)\s+(?!not\b|never\b)[a-z]+"#,
        #"\blet me\b"#, #"\bi'?d be happy to\b"#,
        #"\bi'?m (?:arranging|sending|booking|opening|logging|raising|refunding|checking|escalating|transferring|setting)\b"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// Common acronyms that are not shouting.
    static let acronyms: Set<String> = [
        "SIM", "PIN", "DOB", "GB", "SMS", "CRM", "TV", "IMEI", "APN", "OTP", "ID", "TW", "CS", "VOS", "HD", "LAN", "USB",
        "FAQ", "TIO", "UK", "USA", "PM", "AM", "OK", "IP", "NBN", "MBPS", "ESIM", "WIFI", "AEST", "BST", "EST", "GMT", "URL",
        "PDF", "IT", "CEO", "VPN", "DM", "ETA", "NZ", "AU", "US", "EU", "GST", "VAT",
    ]

    /// The words written in capitals that are not acronyms, when the reply shouts: two such words, or
    /// more than half the letters of a reply of 12 letters or more in capitals. One pass over the text,
    /// with ASCII letters told apart without a Unicode property lookup.
    static func shouting(_ reply: String) -> [String] {
        var loud: [String] = []
        var letters = 0
        var capitals = 0
        var word = ""
        var wordLetters = ""
        var wordCapitals = 0
        func endWord() {
            if wordLetters.unicodeScalars.count >= 3, wordCapitals == wordLetters.unicodeScalars.count, !acronyms.contains(wordLetters) {
                loud.append(word)
            }
            word = ""
            wordLetters = ""
            wordCapitals = 0
        }
        for scalar in reply.unicodeScalars {
            let isLetter: Bool
            let isCapital: Bool
            if scalar.isASCII {
                isCapital = (0x41...0x5A).contains(scalar.value)
                isLetter = isCapital || (0x61...0x7A).contains(scalar.value)
            } else {
                isLetter = scalar.properties.isAlphabetic
                isCapital = isLetter && scalar.properties.isUppercase
            }
            if isLetter {
                word.unicodeScalars.append(scalar)
                wordLetters.unicodeScalars.append(scalar)
                letters += 1
                if isCapital {
                    capitals += 1
                    wordCapitals += 1
                }
            } else if scalar == "'" {
                word.unicodeScalars.append(scalar)
            } else {
                endWord()
            }
        }
        endWord()
        let capitalShare = letters == 0 ? 0 : Double(capitals) / Double(letters)
        if loud.count >= 2 || (letters >= 12 && capitalShare > 0.5) { return loud.isEmpty ? [String(reply.prefix(30))] : loud }
        return []
    }

    /// The exclamation marks when there are too many: `!!` anywhere or three or more in the reply.
    static func exclamationSpam(_ reply: String) -> Int? {
        let count = reply.filter { $0 == "!" }.count
        return reply.contains("!!") || count >= 3 ? count : nil
    }

    /// Why the reply reads as a bag of keywords rather than sentences, or `nil`.
    static func stuffingReason(_ text: AnalysedText) -> String? {
        let count = text.count
        guard count >= 5 else { return nil }
        let stop = (0..<count).filter { text.primary($0).isStopWord }.count
        let share = Double(stop) / Double(count)
        if share < 0.2 { return "only \(Int((share * 100).rounded()))% of its words are function words" }
        if count >= 30 {
            let distinct = Set((0..<count).map { text.primary($0).stem }).count
            if Double(distinct) / Double(count) < 0.35 { return "repeats the same \(distinct) words over \(count) words" }
        }
        let clauses = Set(text.clause).count
        if clauses >= 5, Double(count) / Double(clauses) < 3.0 {
            return "\(clauses) fragments averaging \(String(format: "%.1f", Double(count) / Double(clauses))) words"
        }
        // Comma-separated fragments with no sentence end: short ones, or ones where nobody speaks ("I", "we").
        let speakers: Set<String> = ["i", "we", "let", "me", "us"]
        if clauses >= 2, !hasSentenceEnd(text.text) {
            if !(0..<count).contains(where: { speakers.contains(text.primary($0).text) }) {
                return "\(clauses) fragments with no sentence and no one speaking"
            }
            if clauses >= 3, Double(count) / Double(clauses) < 5 {
                return "\(clauses) short fragments with no sentence"
            }
        }
        return nil
    }

    /// Whether `excerpt` has every contracted word of a red-flag phrase as written: analysis folds
    /// "should've" to "should", so "you should've" would otherwise flag a harmless "you should know".
    static func keepsContractions(of phrase: String, in excerpt: String) -> Bool {
        let written = excerpt.lowercased().replacingOccurrences(of: "’", with: "'")
        return phrase.lowercased().replacingOccurrences(of: "’", with: "'").split(separator: " ")
            .filter { $0.contains("'") && !$0.hasSuffix("'s") && !$0.hasSuffix("n't") }
            .allSatisfy { written.contains($0) }
    }

    /// Whether `text` has a full stop, question or exclamation mark that ends a sentence (followed by
    /// a space or the end).
    static func hasSentenceEnd(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == 0x2E || previous == 0x21 || previous == 0x3F, byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                return true
            }
            previous = byte
        }
        return previous == 0x2E || previous == 0x21 || previous == 0x3F
    }

    /// Whether the reply commits the agent to act, and the words that do.
    static func ownership(_ reply: String) -> String? {
        // Lower-casing and the straight apostrophe keep every character's length in UTF-16, so a range
        // found in `lower` is the same range of `reply`.
        let lower = reply.lowercased().replacingOccurrences(of: "’", with: "'")
        let source = lower.utf16.count == reply.utf16.count ? reply : lower
        let whole = NSRange(location: 0, length: lower.utf16.count)
        let negations: Set<Substring> = ["nothing", "not", "never", "no", "little", "nobody"]
        for pattern in ownershipPatterns {
            for match in pattern.matches(in: lower, range: whole) {
                guard let range = Range(match.range, in: source), let lowerRange = Range(match.range, in: lower) else { continue }
                // "There's nothing I can do" commits to nothing.
                let before = lower[..<lowerRange.lowerBound].split { !$0.isLetter }.suffix(2)
                if before.contains(where: negations.contains) { continue }
                return String(source[range]).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}

/// What a customer's line gives that a reply can pick up: its codes and numbers, and its telling words.
struct CustomerSpecifics {
    /// Every form of each code or number ("TW-1048823", "$9.99").
    private(set) var codes: Set<String> = []
    /// The stems of the codes and numbers.
    private(set) var numbers: Set<String> = []
    /// The stems of the words that say something of their own (not stop words or ``genericWords``).
    private(set) var words: Set<String> = []

    /// Words of a customer's line too common to show, repeated, that the customer was heard.
    static let genericWords: Set<String> = [
        "want", "need", "know", "like", "tell", "call", "pleas", "thank", "hello", "hi", "help", "time", "today", "still",
        "realli", "tidewell", "now", "just", "one", "go", "make", "say", "said", "look", "yes", "okay", "ok", "where", "what",
        "when", "why", "how", "get", "got", "can", "will",
    ]

    init(_ customer: AnalysedText) {
        for index in 0..<customer.count {
            let token = customer.primary(index)
            if token.text.contains(where: \.isNumber) {
                codes.formUnion(customer.slots[index].map(\.text))
                numbers.insert(token.stem)
            } else if !token.isStopWord, token.text.count >= 3, !Self.genericWords.contains(token.stem) {
                words.insert(token.stem)
            }
        }
    }

    /// How many details the line gives: its distinct numbers and telling words.
    var detailCount: Int { numbers.union(words).count }
}

extension ReplyScorer {
    /// Active listening (1 point): restating the customer's specifics (a code, amount or number they gave,
    /// or two of their words) or asking a relevant question. Either shows the customer was heard; a reply
    /// that needed neither loses nothing else.
    func scoreListening(_ text: AnalysedText, customer: AnalysedText, step: ScenarioStep, excluded: Set<Int>, into result: inout ReplyScore)
    {
        let competency = "active-listening"
        // A short follow-up ("Is there any catch?") gives nothing to restate and leaves nothing to ask.
        // Nor does a question without details of its own ("And what if you decide I have to pay?"):
        // answering it is the listening.
        guard customer.count >= Self.listeningLineWords else { return }
        let specifics = CustomerSpecifics(customer)
        guard specifics.detailCount >= Self.listeningDetails else { return }
        result.offer(Self.listeningPoints, competency)
        if let restated = restatement(text, of: specifics, excluded: excluded) {
            result.earn(Self.listeningPoints, competency)
            result.evidence.append(
                Evidence(
                    competency: competency, expectation: "restate the customer's specifics", matched: restated,
                    phrase: "(customer's words)",
                    match: "exact", points: Self.listeningPoints))
        } else if let question = relevantQuestion(text, customer: customer, step: step, excluded: excluded) {
            result.earn(Self.listeningPoints, competency)
            result.evidence.append(
                Evidence(
                    competency: competency, expectation: "ask a relevant question", matched: question, phrase: "(question)", match: "exact",
                    points: Self.listeningPoints))
        } else {
            result.misses.append(
                Miss(
                    competency: competency, expectation: "show you heard the customer",
                    hint:
                        "pick up a detail they gave you (the order, the amount, the problem in their words), or ask about what you still need to know",
                    isCritical: false, negated: nil, points: Self.listeningPoints))
        }
    }

    /// The customer's specifics the reply repeats (a code or number they gave, or two of their words), or `nil`.
    func restatement(_ text: AnalysedText, of customer: CustomerSpecifics, excluded: Set<Int>) -> String? {
        var restated: [String] = []
        var restatedStems: Set<String> = []
        for index in 0..<text.count where !excluded.contains(index) {
            let slot = text.slots[index]
            if slot.contains(where: { customer.codes.contains($0.text) }) { return text.excerpt(index, index) }
            if customer.words.contains(slot[0].stem), !restatedStems.contains(slot[0].stem) {
                restatedStems.insert(slot[0].stem)
                restated.append(text.excerpt(index, index))  // the reply's own words, not their stems
            }
        }
        return restated.count >= 2 ? restated.prefix(3).joined(separator: ", ") : nil
    }

    /// A relevant question: a sentence ending in '?' with 4+ words that shares a word with the customer's
    /// line, the situation or the rubric, or a longer question put to the customer.
    func relevantQuestion(_ text: AnalysedText, customer: AnalysedText, step: ScenarioStep, excluded: Set<Int>) -> String? {
        var relevant = Set((0..<customer.count).map { customer.primary($0) }.filter { !$0.isStopWord }.map(\.stem))
        relevant.formUnion(topicStems(scenario.persona.situation))
        for expectation in step.expectations {
            for phrase in expectation.phrases { relevant.formUnion(topicStems(phrase)) }
        }
        for sentence in text.sentences where sentence.count >= 4 {
            guard let last = sentence.last, !excluded.contains(last) else { continue }
            let end = text.slots[last][0].range.upperBound
            let tail = text.text[end...].prefix { $0 != "\n" && !$0.isLetter && !$0.isNumber }
            guard tail.contains("?") else { continue }
            let addressed = sentence.count >= 5 && sentence.contains { ["you", "your"].contains(text.primary($0).text) }
            if addressed || sentence.contains(where: { relevant.contains(text.primary($0).stem) }) {
                return text.excerpt(sentence[0], last) + "?"
            }
        }
        return nil
    }

    /// Tone (diplomacy, 2 points): ownership ("I'll", "let me") or warmth earns it. Warmth is the
    /// behaviour library's `warmth` (thanks, please, the customer's name once known, "I understand"), or
    /// politeness and the name when the library has none.
    func scoreTone(_ text: AnalysedText, into result: inout ReplyScore) {
        let competency = "diplomacy"
        result.offer(Self.tonePoints, competency)
        var found: [(String, String)] = []
        if let owned = Tone.ownership(text.text) { found.append(("ownership", owned)) }
        if let warmth = warmthMatch(text) { found.append(("warmth", warmth)) }
        for (kind, words) in found.prefix(1) {
            result.evidence.append(
                Evidence(
                    competency: competency, expectation: kind, matched: words, phrase: "(tone)", match: "exact", points: Self.tonePoints))
        }
        if found.isEmpty {
            result.misses.append(
                Miss(
                    competency: competency, expectation: "warm, owned tone",
                    hint: "sound warm (thanks, their name, that you understand) or say what you will do yourself", isCritical: false,
                    negated: nil, points: Self.tonePoints))
        } else {
            result.earn(Self.tonePoints, competency)
        }
    }

    /// The words that make the reply warm, or `nil`.
    func warmthMatch(_ text: AnalysedText) -> String? {
        let phrases = behaviourPhrases["warmth"] ?? politeness
        for phrase in phrases {
            if let match = PhraseMatcher.matches(of: phrase, in: text, maximumGap: 0).first(where: { !$0.isNegated }) {
                return text.excerpt(match.first, match.last)
            }
        }
        if behaviourPhrases["warmth"] == nil, let index = (0..<text.count).first(where: { text.names.contains(text.primary($0).text) }) {
            return text.excerpt(index, index)
        }
        return nil
    }

    /// Red flags: the step's own (to their competency) and the built-in ones; shouting and
    /// exclamation spam are read from the raw text.
    /// The first place `phrase` says what a red flag means: not negated, and with its contracted words
    /// as written.
    static func flagMatch(of phrase: CompiledPhrase, in text: AnalysedText, maximumGap: Int, excluded: Set<Int>) -> PhraseMatch? {
        PhraseMatcher.matches(of: phrase, in: text, maximumGap: maximumGap, excluded: excluded)
            .first { !$0.isNegated && Tone.keepsContractions(of: phrase.text, in: text.excerpt($0.first, $0.last)) }
    }

    /// Returns how many flags were charged: the step's own (policy) and those of tone.
    @discardableResult
    func scoreRedFlags(_ text: AnalysedText, step: ScenarioStep, into result: inout ReplyScore) -> (policy: Int, tone: Int) {
        var counts = (policy: 0, tone: 0)
        func charge(_ competency: String, _ penalty: Double, _ reason: String, _ matched: String) {
            result.earn(-penalty, competency)
            if result.possible[competency] == nil { result.offer(0, competency) }
            result.redFlags.append(RedFlag(competency: competency, reason: reason, matched: matched, penalty: penalty))
        }
        var flagged: Set<Int> = []
        let stepFlags = flags[step.id] ?? []
        for (index, rule) in step.redFlags.enumerated() {
            for phrase in stepFlags[index] {
                if let match = Self.flagMatch(of: phrase, in: text, maximumGap: Self.flagGap, excluded: flagged) {
                    flagged.formUnion(match.first...match.last)
                    charge(rule.competency, Double(rule.penalty), rule.reason, text.excerpt(match.first, match.last))
                    counts.policy += 1
                    break
                }
            }
        }
        let trainsDeEscalation = scenario.competencies.contains("de-escalation")
        for (rule, phrases) in toneFlags {
            for phrase in phrases {
                if let match = Self.flagMatch(of: phrase, in: text, maximumGap: 0, excluded: flagged) {
                    flagged.formUnion(match.first...match.last)
                    charge(
                        rule.costsDeEscalation && trainsDeEscalation ? "de-escalation" : "diplomacy", Double(rule.penalty), rule.reason,
                        text.excerpt(match.first, match.last))
                    counts.tone += 1
                    break
                }
            }
        }
        let loud = Tone.shouting(text.text)
        if !loud.isEmpty {
            charge("diplomacy", 2, "shouts in capitals", loud.prefix(4).joined(separator: " "))
            counts.tone += 1
        }
        if let count = Tone.exclamationSpam(text.text) { charge("diplomacy", 1, "too many exclamation marks", "\(count) × '!'") }
        return counts
    }
}
