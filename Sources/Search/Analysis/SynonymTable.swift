import KnowledgeBase

/// Groups of equivalent words and phrases (refund ~ money back ~ reimbursement).
///
/// Members are matched by their stems, so one entry covers every inflection (`refunds`, `refunded`).
/// A member may be a phrase; phrases work in both directions (`money back` finds `refund`, and
/// `refund` finds `money back`).
public struct SynonymTable: Sendable {
    /// The groups as written (folded), for display and merging.
    public private(set) var groups: [[String]]
    /// Members (as stem keys) whose built-in groups a trainer's `!replace` or `!remove` line overrides.
    private(set) var overriddenKeys: Set<String> = []
    /// Each group's members as stem sequences.
    private var stemGroups: [[[String]]] = []
    /// Stem key (stems joined by a space) → the groups holding it.
    private var groupsByKey: [String: [Int]] = [:]
    /// The longest member, in words.
    public private(set) var longestPhrase = 1

    /// Creates a table from groups of equivalent words or phrases; groups of fewer than two usable
    /// members are dropped.
    public init(groups: [[String]]) {
        self.init(groups: groups, overriddenKeys: [])
    }

    init(groups: [[String]], overriddenKeys: Set<String>) {
        let analyzer = TextAnalyzer(synonyms: .empty)
        let analysed = groups.map { group in
            group.map { member in (member: Tokenizer.words(member).joined(separator: " "), stems: analyzer.contentStems(member)) }
        }
        self.init(analysedGroups: analysed, overriddenKeys: overriddenKeys)
    }

    /// A table from groups whose members are already folded and stemmed.
    private init(analysedGroups: [[(member: String, stems: [String])]], overriddenKeys: Set<String>) {
        self.groups = []
        self.overriddenKeys = overriddenKeys
        for group in analysedGroups { add(group) }
    }

    /// Adds a group of folded, stemmed members, without repeated members; a group of fewer than two
    /// is dropped.
    private mutating func add(_ group: [(member: String, stems: [String])]) {
        var members: [String] = []
        var stems: [[String]] = []
        var seen: Set<String> = []
        for (member, memberStems) in group {
            let key = memberStems.joined(separator: " ")
            guard !memberStems.isEmpty, seen.insert(key).inserted else { continue }
            members.append(member)
            stems.append(memberStems)
        }
        guard stems.count >= 2 else { return }
        let groupIndex = stemGroups.count
        groups.append(members)
        stemGroups.append(stems)
        for memberStems in stems {
            groupsByKey[memberStems.joined(separator: " "), default: []].append(groupIndex)
            longestPhrase = max(longestPhrase, memberStems.count)
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
            for (index, group) in other.groups.enumerated() {
                merged.add(zip(group, other.stemGroups[index]).map { (member: $0.0, stems: $0.1) })
            }
            return merged
        }
        var kept: [[(member: String, stems: [String])]] = []
        for (index, group) in groups.enumerated() {
            let members = zip(group, stemGroups[index]).filter { !other.overriddenKeys.contains($0.1.joined(separator: " ")) }
            if members.count >= 2 { kept.append(members.map { (member: $0.0, stems: $0.1) }) }
        }
        for (index, group) in other.groups.enumerated() {
            kept.append(zip(group, other.stemGroups[index]).map { (member: $0.0, stems: $0.1) })
        }
        return SynonymTable(analysedGroups: kept, overriddenKeys: overriddenKeys.union(other.overriddenKeys))
    }

    /// The stem sequences equivalent to `stems` (a single word or a phrase), not including itself.
    ///
    /// - Complexity: O(m) in the size of the groups holding `stems`.
    public func alternatives(for stems: [String]) -> [[String]] {
        let key = stems.joined(separator: " ")
        guard let indices = groupsByKey[key] else { return [] }
        var result: [[String]] = []
        var seen: Set<String> = [key]
        for index in indices {
            for member in stemGroups[index] where seen.insert(member.joined(separator: " ")).inserted {
                result.append(member)
            }
        }
        return result
    }

    /// Whether `stems` (a word or phrase) belongs to any group.
    func contains(_ stems: [String]) -> Bool { groupsByKey[stems.joined(separator: " ")] != nil }
}
