/// Finds the index words within a few edits of a query word: a Levenshtein automaton simulated over a
/// byte trie of the sorted word dictionary, so only branches that can still match are visited (never
/// a scan of every word).
///
/// Edits are insertions, deletions, substitutions and adjacent transpositions, counted on UTF-8 bytes.
struct TypoMatcher: Sendable {
    /// A trie node in eight bytes: what the walk reads of each child it visits, in one load.
    struct Node {
        /// The index of the node's first child; its children are contiguous.
        var firstChild: UInt32 = 0
        var childCount: UInt16 = 0
        /// The byte on the edge into the node.
        var label: UInt8 = 0
        /// Whether the node ends a word (its id is in ``wordAt``).
        var endsWord = false
    }

    /// The nodes, breadth first: a node's children are contiguous, so a walk reads its siblings'
    /// records from one stretch of memory, where four arrays of one field each made it read four.
    private var nodes: [Node] = []
    /// For each node that ends a word, that word's id (-1 elsewhere): read only on a match.
    private var wordAt: [Int32] = []

    /// Builds the trie over `words` (byte strings), which must be sorted by bytes and unique; a
    /// match reports `ids[i]` for `words[i]`.
    init(sortedWords words: [[UInt8]], ids: [Int32]) {
        // Breadth-first: each pending node covers a range of words sharing a prefix of length `depth`.
        nodes = [Node()]
        wordAt = [-1]
        var queue: [(node: Int, low: Int, high: Int, depth: Int)] = [(0, 0, words.count, 0)]
        var head = 0
        while head < queue.count {
            let (node, low, high, depth) = queue[head]
            head += 1
            var start = low
            if start < high, words[start].count == depth {
                wordAt[node] = ids[start]
                nodes[node].endsWord = true
                start += 1
            }
            nodes[node].firstChild = UInt32(nodes.count)
            var index = start
            var children = 0
            while index < high {
                let byte = words[index][depth]
                var end = index + 1
                while end < high, words[end][depth] == byte { end += 1 }
                nodes.append(Node(label: byte))
                wordAt.append(-1)
                queue.append((nodes.count - 1, index, end, depth + 1))
                children += 1
                index = end
            }
            nodes[node].childCount = UInt16(children)
        }
    }

    init() {}

    /// The longest word, in bytes, that typo matching takes: its prefixes must fit the bits of one
    /// machine word. Longer words match only exactly.
    static let longestWord = 63

    /// The ids of words within `maxDistance` edits of `word` (at most 2), each with its distance.
    ///
    /// - Complexity: proportional to the trie nodes within `maxDistance` of a prefix of `word`,
    ///   not to the size of the dictionary; a few machine-word operations per node.
    func matches(for word: [UInt8], maxDistance: Int) -> [(id: Int32, distance: Int)] {
        precondition(maxDistance <= 2, "typo matching allows at most two edits")
        guard !nodes.isEmpty, maxDistance >= 0, word.count <= Self.longestWord else { return [] }
        var results: [(id: Int32, distance: Int)] = []
        if nodes[0].endsWord, word.count <= maxDistance { results.append((wordAt[0], word.count)) }
        // For each byte, the prefix lengths of `word` that end with it, as bits (bit i: word[i - 1]).
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 256) { endings in
            endings.initialize(repeating: 0)
            for (index, byte) in word.enumerated() { endings[Int(byte)] |= 1 << UInt64(index + 1) }
            nodes.withUnsafeBufferPointer { nodes in
                wordAt.withUnsafeBufferPointer { wordAt in
                    let valid: UInt64 = (2 << UInt64(word.count)) &- 1
                    var walk = Walk(
                        nodes: nodes, wordAt: wordAt, endings: UnsafeBufferPointer(endings), accepting: 1 << UInt64(word.count),
                        valid1: maxDistance >= 1 ? valid : 0, valid2: maxDistance >= 2 ? valid : 0, maxDepth: word.count + maxDistance)
                    // The empty path is within e edits of the prefixes of length up to e (deletions).
                    walk.visitChildren(
                        of: 0, depth: 1, State(0b1, 0b11 & walk.valid1, 0b111 & walk.valid2), before: State(0, 0, 0), previousLabel: 0)
                    results += walk.results
                }
            }
        }
        return results
    }

    /// For each allowance of 0, 1 and 2 edits, a machine word whose bit i says a path is within
    /// that many edits of the word's first i bytes.
    private struct State {
        var exact: UInt64
        var one: UInt64
        var two: UInt64

        init(_ exact: UInt64, _ one: UInt64, _ two: UInt64) {
            self.exact = exact
            self.one = one
            self.two = two
        }
    }

    /// One depth-first walk of the trie, simulating the Levenshtein automaton of the word bit-parallel
    /// (Wu and Manber's method, with adjacent transpositions), its state in registers.
    private struct Walk {
        let nodes: UnsafeBufferPointer<Node>
        let wordAt: UnsafeBufferPointer<Int32>
        let endings: UnsafeBufferPointer<UInt64>
        /// The bit of the whole word.
        let accepting: UInt64
        /// The bits of the word's prefixes for one and for two edits; none for an allowance not given.
        let valid1: UInt64
        let valid2: UInt64
        let maxDepth: Int
        var results: [(id: Int32, distance: Int)] = []

        /// Visits the children of `node`, at `depth`, whose path reached `state`; `before` is the
        /// state one node up, and `previousLabel` the node's own byte (both for transpositions).
        mutating func visitChildren(of node: Int, depth: Int, _ state: State, before: State, previousLabel: UInt8) {
            guard depth <= maxDepth else { return }
            let first = Int(nodes[node].firstChild)
            let count = Int(nodes[node].childCount)
            let previousEnding = depth >= 2 ? endings[Int(previousLabel)] : 0
            for child in first..<(first &+ count) {
                let record = nodes[child]
                let label = record.label
                let ending = endings[Int(label)]
                // Both bytes of a transposition: the word's bytes i - 2 and i - 1 are this and the previous label.
                let swapped = ending << 1 & previousEnding
                // Match; then also insertion, substitution, deletion and transposition, one edit more.
                let exact = state.exact << 1 & ending
                let one = (state.one << 1 & ending | state.exact | state.exact << 1 | exact << 1 | before.exact << 2 & swapped) & valid1
                let two = (state.two << 1 & ending | state.one | state.one << 1 | one << 1 | before.one << 2 & swapped) & valid2
                if record.endsWord {
                    let distance = exact & accepting != 0 ? 0 : one & accepting != 0 ? 1 : two & accepting != 0 ? 2 : -1
                    if distance >= 0 { results.append((wordAt[child], distance)) }
                }
                // Some prefix of the word is still within the allowance.
                if exact | one | two != 0 {
                    visitChildren(of: child, depth: depth &+ 1, State(exact, one, two), before: state, previousLabel: label)
                }
            }
        }
    }
}
