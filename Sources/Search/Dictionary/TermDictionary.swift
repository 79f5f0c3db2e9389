/// The words and stems of an index, with integer ids, and the structures that find words by typo
/// and by prefix.
struct TermDictionary: Sendable {
    /// Folded surface forms seen in the content.
    var words: [String] = []
    /// The stem of each word.
    var wordStem: [Int32] = []
    /// How often each word occurs (for ranking corrections and completions).
    var wordCount: [UInt32] = []
    var stems: [String] = []
    var stemIDs: [String: Int32] = [:]
    /// For stem `s`, its words are `stemWords[stemWordOffsets[s]..<stemWordOffsets[s+1]]`.
    var stemWordOffsets: [Int32] = []
    var stemWords: [Int32] = []
    /// Word ids ordered by the bytes of the word, for prefix ranges.
    var sortedWords: [Int32] = []
    /// The first eight bytes of each word of ``sortedWords``, as one big-endian number padded with
    /// zeros: in the same order, so prefix ranges are found in this one small array, where a search
    /// of the words themselves read a string from somewhere in memory at each step.
    var sortedKeys: [UInt64] = []
    /// How often each word of ``sortedWords`` occurs, in the same order: the most frequent words
    /// of a prefix range are found by reading the range's counts one after another, where counts
    /// by id lie all over ``wordCount``.
    var sortedCounts: [UInt32] = []
    var typoMatcher = TypoMatcher()

    /// Builds the reverse maps, the sorted order and the trie once every word is in.
    mutating func finish() {
        var counts = [Int32](repeating: 0, count: stems.count + 1)
        for stem in wordStem { counts[Int(stem) + 1] += 1 }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        stemWordOffsets = counts
        var fill = counts
        stemWords = [Int32](repeating: 0, count: words.count)
        for (word, stem) in wordStem.enumerated() {
            stemWords[Int(fill[Int(stem)])] = Int32(word)
            fill[Int(stem)] += 1
        }
        let bytes = words.map { Array($0.utf8) }
        sortedWords = (0..<Int32(words.count)).sorted { bytes[Int($0)].lexicographicallyPrecedes(bytes[Int($1)]) }
        sortedKeys = sortedWords.map { Self.key(bytes[Int($0)]) }
        sortedCounts = sortedWords.map { wordCount[Int($0)] }
        typoMatcher = TypoMatcher(sortedWords: sortedWords.map { bytes[Int($0)] }, ids: sortedWords)
    }

    /// The words of stem `stem`.
    func words(ofStem stem: Int32) -> ArraySlice<Int32> {
        stemWords[Int(stemWordOffsets[Int(stem)])..<Int(stemWordOffsets[Int(stem) + 1])]
    }

    /// The id of the word `word`, if the index has it: the first of the words it is a prefix of.
    ///
    /// - Complexity: O(log n) comparisons, with no table of words by text.
    func wordID(of word: String) -> Int32? {
        words(withPrefix: word).first.flatMap { words[Int($0)] == word ? $0 : nil }
    }

    /// The stem of `word`, if the index has the word: what stemming it gives, without the stemmer.
    func stem(ofWord word: String) -> String? {
        wordID(of: word).map { stems[Int(wordStem[Int($0)])] }
    }

    /// Word ids starting with `prefix` (bytes), in byte order.
    ///
    /// - Complexity: O(log n) comparisons: both ends of the range are found by binary search.
    func words(withPrefix prefix: String) -> ArraySlice<Int32> {
        let bytes = Array(prefix.utf8)
        // The words whose first eight bytes start with the prefix's first eight: their keys lie
        // between the prefix's key padded with zeros and padded with ones.
        let head = bytes.prefix(8)
        let low = Self.key(head)
        let high = low | (head.count == 8 ? 0 : UInt64.max >> UInt64(8 * head.count))
        var range = sortedKeys.withUnsafeBufferPointer { keys in
            keys.indices.partitionPoint { keys[$0] >= low }..<keys.indices.partitionPoint { keys[$0] > high }
        }
        // A longer prefix, or one with a zero byte (which the padding cannot tell apart), is then
        // looked up among those words by their bytes.
        if bytes.count > 8 || head.contains(0) {
            range = bytes.withUnsafeBufferPointer { key in
                // The words before the range precede the key; those after neither precede it nor start with it.
                let low = range.partitionPoint { Self.compare(words[Int(sortedWords[$0])], key) != .before }
                let high = range.partitionPoint { Self.compare(words[Int(sortedWords[$0])], key) == .after }
                return low..<max(low, high)
            }
        }
        return sortedWords[range]
    }

    /// The first eight of `bytes`, big-endian, padded with zeros.
    private static func key<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var key: UInt64 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { key |= UInt64(byte) << UInt64(56 - 8 * index) }
        return key
    }

    /// How a word's bytes stand to a prefix key in byte order.
    private enum PrefixOrder {
        case before, within, after
    }

    private static func compare(_ word: String, _ key: UnsafeBufferPointer<UInt8>) -> PrefixOrder {
        var word = word
        return word.withUTF8 { bytes in
            let common = min(bytes.count, key.count)
            for index in 0..<common where bytes[index] != key[index] {
                return bytes[index] < key[index] ? .before : .after
            }
            return bytes.count < key.count ? .before : .within
        }
    }

    /// The `limit` most frequent words starting with `prefix`, other than `excluded`, most frequent
    /// first, without sorting the whole range.
    func mostFrequentWords(withPrefix prefix: String, excluding excluded: String, limit: Int) -> [Int32] {
        // Places in sorted order, so that counts are read from ``sortedCounts``.
        var top: [Int] = []
        top.reserveCapacity(limit + 1)
        sortedCounts.withUnsafeBufferPointer { counts in
            for place in words(withPrefix: prefix).indices {
                let count = counts[place]
                if top.count == limit, let last = top.last, counts[last] >= count { continue }
                // Compared only when it would be kept: the range can hold thousands of words.
                if words[Int(sortedWords[place])] == excluded { continue }
                var index = top.count
                while index > 0, counts[top[index - 1]] < count { index -= 1 }
                top.insert(place, at: index)
                if top.count > limit { top.removeLast() }
            }
        }
        return top.map { sortedWords[$0] }
    }

    /// Words within the typo allowance of `word`, closest and most frequent first.
    func corrections(for word: String, maxDistance: Int) -> [(word: Int32, distance: Int)] {
        guard maxDistance > 0 else { return [] }
        // Closer words win, so look one edit away first: the wider walk is much longer.
        let bytes = Array(word.utf8)
        var matches = typoMatcher.matches(for: bytes, maxDistance: 1)
        if maxDistance > 1, !matches.contains(where: { $0.distance == 1 }) {
            matches = typoMatcher.matches(for: bytes, maxDistance: maxDistance)
        }
        // The closures take the two arrays they read, not the whole dictionary (a copy of every table).
        let words = words
        let counts = wordCount
        return matches.filter { words[Int($0.id)] != word }
            .sorted { $0.distance != $1.distance ? $0.distance < $1.distance : counts[Int($0.id)] > counts[Int($1.id)] }
            .map { ($0.id, $0.distance) }
    }
}
