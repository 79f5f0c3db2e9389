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

    /// The ids of words within `maxDistance` edits of `word`, each with its distance.
    ///
    /// - Complexity: proportional to the trie nodes within `maxDistance` of a prefix of `word`,
    ///   not to the size of the dictionary.
    func matches(for word: [UInt8], maxDistance: Int) -> [(id: Int32, distance: Int)] {
        guard !labels.isEmpty, maxDistance >= 0 else { return [] }
        let width = word.count + 1
        let maxDepth = word.count + maxDistance
        var rows = [Int32](repeating: 0, count: width * (maxDepth + 2))
        for j in 0..<width { rows[j] = Int32(j) }
        var path = [UInt8](repeating: 0, count: maxDepth + 2)
        var results: [(id: Int32, distance: Int)] = []
        if wordAt[0] >= 0, word.count <= maxDistance { results.append((wordAt[0], word.count)) }
        labels.withUnsafeBufferPointer { labels in
            firstChild.withUnsafeBufferPointer { firstChild in
                childCount.withUnsafeBufferPointer { childCount in
                    wordAt.withUnsafeBufferPointer { wordAt in
                        word.withUnsafeBufferPointer { word in
                            rows.withUnsafeMutableBufferPointer { rows in
                                path.withUnsafeMutableBufferPointer { path in
                                    var walk = Walk(
                                        labels: labels, firstChild: firstChild, childCount: childCount, wordAt: wordAt, word: word,
                                        rows: rows, path: path, maxDistance: Int32(maxDistance), maxDepth: maxDepth)
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

    /// One depth-first walk of the trie, computing one row of the edit-distance table per node.
    private struct Walk {
        let labels: UnsafeBufferPointer<UInt8>
        let firstChild: UnsafeBufferPointer<Int32>
        let childCount: UnsafeBufferPointer<Int32>
        let wordAt: UnsafeBufferPointer<Int32>
        let word: UnsafeBufferPointer<UInt8>
        let rows: UnsafeMutableBufferPointer<Int32>
        let path: UnsafeMutableBufferPointer<UInt8>
        let maxDistance: Int32
        let maxDepth: Int
        var results: [(id: Int32, distance: Int)] = []

        mutating func visitChildren(of node: Int, depth: Int) {
            guard depth <= maxDepth else { return }
            let width = word.count + 1
            let first = Int(firstChild[node])
            let count = Int(childCount[node])
            let current = depth * width
            let previous = (depth - 1) * width
            let previous2 = (depth - 2) * width
            for child in first..<(first + count) {
                let label = labels[child]
                path[depth - 1] = label
                rows[current] = Int32(depth)
                var rowMinimum = Int32(depth)
                // Only the band of cells within `maxDistance` of the diagonal can end within the
                // allowance (a cell is at least its distance from the diagonal); the cells just
                // outside it, which the next row reads, hold "too far".
                let low = max(1, depth - Int(maxDistance))
                let high = min(width - 1, depth + Int(maxDistance))
                let tooFar = maxDistance + 1
                if low > 1 { rows[current + low - 1] = tooFar }
                if high + 1 < width { rows[current + high + 1] = tooFar }
                if low <= high {
                    for j in low...high {
                        let cost: Int32 = word[j - 1] == label ? 0 : 1
                        var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                        if depth > 1, j > 1, word[j - 2] == label, word[j - 1] == path[depth - 2] {
                            value = min(value, rows[previous2 + j - 2] + 1)
                        }
                        rows[current + j] = value
                        if value < rowMinimum { rowMinimum = value }
                    }
                }
                // The last column is in the band or past it (`depth` is at most the word's length
                // plus `maxDistance`); past it, the word is too far.
                let distance = width - 1 <= high ? rows[current + width - 1] : tooFar
                if wordAt[child] >= 0, distance <= maxDistance {
                    results.append((wordAt[child], Int(distance)))
                }
                if rowMinimum <= maxDistance { visitChildren(of: child, depth: depth + 1) }
            }
        }
    }
}
