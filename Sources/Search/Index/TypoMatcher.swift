/// Finds the index words within a few edits of a query word: a Levenshtein automaton simulated over a
/// byte trie of the sorted word dictionary, so only branches that can still match are visited (never
/// a scan of every word).
///
/// Edits are insertions, deletions, substitutions and adjacent transpositions, counted on UTF-8 bytes.
struct TypoMatcher: Sendable {
    /// For node `n`: its label byte, the index of its first child, its number of children, and the
    /// word it ends (or -1). Children of a node are contiguous, so the trie is four flat arrays.
    private var labels: [UInt8] = []
    private var firstChild: [Int32] = []
    private var childCount: [Int32] = []
    private var wordAt: [Int32] = []

    /// Builds the trie over `words` (byte strings), which must be sorted by bytes and unique; a
    /// match reports `ids[i]` for `words[i]`.
    init(sortedWords words: [[UInt8]], ids: [Int32]) {
        // Breadth-first: each pending node covers a range of words sharing a prefix of length `depth`.
        labels = [0]
        firstChild = [0]
        childCount = [0]
        wordAt = [-1]
        var queue: [(node: Int, low: Int, high: Int, depth: Int)] = [(0, 0, words.count, 0)]
        var head = 0
        while head < queue.count {
            let (node, low, high, depth) = queue[head]
            head += 1
            var start = low
            if start < high, words[start].count == depth {
                wordAt[node] = ids[start]
                start += 1
            }
            firstChild[node] = Int32(labels.count)
            var index = start
            var children = 0
            while index < high {
                let byte = words[index][depth]
                var end = index + 1
                while end < high, words[end][depth] == byte { end += 1 }
                labels.append(byte)
                firstChild.append(0)
                childCount.append(0)
                wordAt.append(-1)
                queue.append((labels.count - 1, index, end, depth + 1))
                children += 1
                index = end
            }
            childCount[node] = Int32(children)
        }
    }

    init() {}

    /// The longest word, in bytes, that typo matching takes: its prefixes must fit the bits of one
    /// machine word. Longer words match only exactly.
    static let longestWord = 63

    /// The ids of words within `maxDistance` edits of `word`, each with its distance.
    ///
    /// - Complexity: proportional to the trie nodes within `maxDistance` of a prefix of `word`,
    ///   not to the size of the dictionary; a few machine-word operations per node and edit.
    func matches(for word: [UInt8], maxDistance: Int) -> [(id: Int32, distance: Int)] {
        guard !labels.isEmpty, maxDistance >= 0, word.count <= Self.longestWord else { return [] }
        var results: [(id: Int32, distance: Int)] = []
        if wordAt[0] >= 0, word.count <= maxDistance { results.append((wordAt[0], word.count)) }
        let levels = maxDistance + 1
        let maxDepth = word.count + maxDistance
        // For each byte, the prefix lengths of `word` that end with it, as bits (bit i: word[i - 1]).
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 256) { endings in
            endings.initialize(repeating: 0)
            for (index, byte) in word.enumerated() { endings[Int(byte)] |= 1 << UInt64(index + 1) }
            // The states of the path's nodes, `levels` per depth, and the path's bytes.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: levels * (maxDepth + 1)) { states in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDepth + 1) { path in
                    // The empty path is within e edits of the prefixes of length up to e (deletions).
                    for level in 0..<levels { states[level] = (2 << UInt64(level)) &- 1 }
                    labels.withUnsafeBufferPointer { labels in
                        firstChild.withUnsafeBufferPointer { firstChild in
                            childCount.withUnsafeBufferPointer { childCount in
                                wordAt.withUnsafeBufferPointer { wordAt in
                                    var walk = Walk(
                                        labels: labels, firstChild: firstChild, childCount: childCount, wordAt: wordAt,
                                        endings: UnsafeBufferPointer(endings), states: states, path: path, levels: levels,
                                        accepting: 1 << UInt64(word.count), valid: (2 << UInt64(word.count)) &- 1, maxDepth: maxDepth)
                                    walk.visitChildren(of: 0, depth: 1)
                                    results += walk.results
                                }
                            }
                        }
                    }
                }
            }
        }
        return results
    }

    /// One depth-first walk of the trie, simulating the Levenshtein automaton of the word bit-parallel
    /// (Wu and Manber's method, with adjacent transpositions): for each allowance e, one machine
    /// word whose bit i says the path is within e edits of the word's first i bytes.
    private struct Walk {
        let labels: UnsafeBufferPointer<UInt8>
        let firstChild: UnsafeBufferPointer<Int32>
        let childCount: UnsafeBufferPointer<Int32>
        let wordAt: UnsafeBufferPointer<Int32>
        let endings: UnsafeBufferPointer<UInt64>
        let states: UnsafeMutableBufferPointer<UInt64>
        let path: UnsafeMutableBufferPointer<UInt8>
        /// The allowances 0 through the largest.
        let levels: Int
        /// The bit of the whole word, and the bits of its prefixes.
        let accepting: UInt64
        let valid: UInt64
        let maxDepth: Int
        var results: [(id: Int32, distance: Int)] = []

        mutating func visitChildren(of node: Int, depth: Int) {
            guard depth <= maxDepth else { return }
            let first = Int(firstChild[node])
            let count = Int(childCount[node])
            let current = depth &* levels
            let previous = current &- levels
            let previous2 = previous &- levels
            let previousLabel = depth >= 2 ? path[depth &- 2] : 0
            for child in first..<(first &+ count) {
                let label = labels[child]
                path[depth &- 1] = label
                let ending = endings[Int(label)]
                // Both bytes of a transposition: the word's bytes i - 2 and i - 1 are this and the previous label.
                let swapped = depth >= 2 ? ending << 1 & endings[Int(previousLabel)] : 0
                var state = states[previous] << 1 & ending
                states[current] = state
                var distance = state & accepting != 0 ? 0 : -1
                for level in 1..<levels {
                    let lower = states[previous &+ level &- 1]
                    // Match, insertion, substitution, deletion, transposition.
                    var next = states[previous &+ level] << 1 & ending | lower | lower << 1 | state << 1
                    if depth >= 2 { next |= states[previous2 &+ level &- 1] << 2 & swapped }
                    state = next & valid
                    states[current &+ level] = state
                    if distance < 0, state & accepting != 0 { distance = level }
                }
                if wordAt[child] >= 0, distance >= 0 { results.append((wordAt[child], distance)) }
                // Some prefix of the word is still within the largest allowance.
                if state != 0 { visitChildren(of: child, depth: depth &+ 1) }
            }
        }
    }
}
