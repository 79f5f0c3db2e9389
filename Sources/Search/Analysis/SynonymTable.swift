import KnowledgeBase

/// Groups of equivalent words and phrases (refund ~ money back ~ reimbursement).
///
/// Members are matched by their stems, so one entry covers every inflection (`refunds`, `refunded`).
/// A member may be a phrase; phrases work in both directions (`money back` finds `refund`, and
/// `refund` finds `money back`).
public struct SynonymTable: Sendable {
    /// A member as written (folded), its content stems, its lookup key, and whether it is offered as
    /// an alternative (see ``analysed(_:analyzer:)``).
    typealias AnalysedMember = (member: String, stems: [String], key: String, isOffered: Bool)

    /// The groups as written (folded), for display and merging.
    public private(set) var groups: [[String]]
    /// Members (as stem keys) whose built-in groups a trainer's `!replace` or `!remove` line overrides.
    private(set) var overriddenKeys: Set<String> = []
    /// Each group's members as stem sequences (content stems: what a document must hold).
    private var stemGroups: [[[String]]] = []
    /// Each group's members' lookup keys (see ``analysed(_:analyzer:)``).
    private var keyGroups: [[String]] = []
    /// Whether each member is offered as an alternative: not when it says something is not so ("no
    /// show", "did not show up"), since a document's words without the negation say the opposite.
    private var offeredGroups: [[Bool]] = []
    /// Lookup key → the groups holding it.
    private var groupsByKey: [String: [Int]] = [:]
    /// The longest member key, in words.
    public private(set) var longestPhrase = 1

    /// Creates a table from groups of equivalent words or phrases; groups of fewer than two usable
    /// members are dropped.
    public init(groups: [[String]]) {
        self.init(groups: groups, overriddenKeys: [])
    }

    init(groups: [[String]], overriddenKeys: Set<String>) {
        let analyzer = TextAnalyzer(synonyms: .empty)
        let analysed = groups.map { group in group.map { member in Self.analysed(member, analyzer: analyzer) } }
        self.init(analysedGroups: analysed, overriddenKeys: overriddenKeys)
    }

    /// A member as written (folded), its content stems (what a document must hold) and the key it is
    /// looked up by: the content stems joined by spaces, or, when leaving out its common words would
    /// shrink a phrase to one word ("log in", "on hold", "turn off"), all its stems, so that the lone
    /// word ("log", "hold", "turn") does not match the whole group. One tokenisation serves all three.
    ///
    /// A member that negates ("no show", "never turned up") is looked up by all its stems, so that a
    /// query without the negation ("the technician shows you") does not match it, and is never offered
    /// as an alternative: a document holding its content words ("shows") says the opposite.
    static func analysed(_ member: String, analyzer: TextAnalyzer) -> AnalysedMember {
        let primary = analyzer.primaryTokens(in: member)
        let stems = TextAnalyzer.contentStems(of: primary)
        let negates = primary.contains { negations.contains($0.text) }
        let key = negates || (stems.count == 1 && primary.count > 1) ? primary.map(\.stem) : stems
        return (primary.map(\.text).joined(separator: " "), stems, key.joined(separator: " "), !negates)
    }

    /// Words that make a member say something is not so, folded as the analyzer folds them (`can't`
    /// and `cant` → `cannot`, `don't` → `dont`). The reply scorer's negation cues extend them.
    public static let negations: Set<String> = [
        "no", "not", "never", "nothing", "without", "cannot", "dont", "doesnt", "didnt", "isnt", "wasnt", "wont", "havent",
        "hasnt", "hadnt", "arent", "werent", "couldnt", "wouldnt",
    ]

    /// The key `member` is looked up by (see ``analysed(_:analyzer:)``).
    static func key(of member: String, analyzer: TextAnalyzer) -> String {
        analysed(member, analyzer: analyzer).key
    }

    /// A table from groups whose members are already folded and stemmed.
    private init(analysedGroups: [[AnalysedMember]], overriddenKeys: Set<String>) {
        self.groups = []
        self.overriddenKeys = overriddenKeys
        for group in analysedGroups { add(group) }
    }

    /// Adds a group of folded, stemmed members, without repeated members; a group of fewer than two
    /// is dropped.
    private mutating func add(_ group: [AnalysedMember]) {
        var members: [String] = []
        var stems: [[String]] = []
        var keys: [String] = []
        var offered: [Bool] = []
        var seen: Set<String> = []
        for (member, memberStems, key, isOffered) in group {
            guard !memberStems.isEmpty, seen.insert(key).inserted else { continue }
            members.append(member)
            stems.append(memberStems)
            keys.append(key)
            offered.append(isOffered)
        }
        guard stems.count >= 2 else { return }
        let groupIndex = stemGroups.count
        groups.append(members)
        stemGroups.append(stems)
        keyGroups.append(keys)
        offeredGroups.append(offered)
        for key in keys {
            groupsByKey[key, default: []].append(groupIndex)
            longestPhrase = max(longestPhrase, key.split(separator: " ").count)
        }
    }

    /// A table without groups.
    static let empty = SynonymTable(emptyTable: ())

    private init(emptyTable: Void) {
        groups = []
    }

    /// This table extended with `other`: members that `other` overrides (`!replace`, `!remove`) lose
    /// their groups here first, then `other`'s groups are added.
    public func merging(_ other: SynonymTable) -> SynonymTable {
        if other.overriddenKeys.isEmpty {
            // Nothing of this table is overridden: `other`'s groups are added to it as they are.
            var merged = self
            for index in other.groups.indices { merged.add(other.analysedGroup(index)) }
            return merged
        }
        var kept: [[AnalysedMember]] = []
        for index in groups.indices {
            let members = analysedGroup(index).filter { !other.overriddenKeys.contains($0.key) }
            if members.count >= 2 { kept.append(members) }
        }
        for index in other.groups.indices { kept.append(other.analysedGroup(index)) }
        return SynonymTable(analysedGroups: kept, overriddenKeys: overriddenKeys.union(other.overriddenKeys))
    }

    /// Group `index` as members with their stems and keys.
    private func analysedGroup(_ index: Int) -> [AnalysedMember] {
        groups[index].indices.map {
            (member: groups[index][$0], stems: stemGroups[index][$0], key: keyGroups[index][$0], isOffered: offeredGroups[index][$0])
        }
    }

    /// The stem sequences equivalent to `stems` (a single word or a phrase, looked up as a member
    /// key), not including itself: the content stems a document must hold.
    ///
    /// - Complexity: O(m) in the size of the groups holding `stems`.
    public func alternatives(for stems: [String]) -> [[String]] {
        let key = stems.joined(separator: " ")
        guard let indices = groupsByKey[key] else { return [] }
        var result: [[String]] = []
        var seen: Set<String> = [key]
        for index in indices {
            for (position, member) in stemGroups[index].enumerated() where keyGroups[index][position] != key {
                guard offeredGroups[index][position] else { continue }
                if seen.insert(member.joined(separator: " ")).inserted { result.append(member) }
            }
        }
        return result
    }

    /// The offered members of several words, as their content stems in order, each once: what an
    /// index records where the words stand together, so that such a synonym matches only there.
    public var phraseMembers: [[String]] {
        var seen: Set<[String]> = []
        var result: [[String]] = []
        for (index, members) in stemGroups.enumerated() {
            for (position, stems) in members.enumerated() where stems.count > 1 && offeredGroups[index][position] {
                if seen.insert(stems).inserted { result.append(stems) }
            }
        }
        return result
    }

    /// Whether `stems` (a word or phrase) belongs to any group.
    func contains(_ stems: [String]) -> Bool { groupsByKey[stems.joined(separator: " ")] != nil }
}
