/// A bit set in raw memory, as the scratch keeps its sets of documents and articles: its words are a
/// ``RawBuffer``, so debug builds check every index (release builds do not: the scoring loops touch
/// these once per posting).
struct RawBitSet {
    /// The set's 64-bit words; the scratch owns and frees them.
    let words: RawBuffer<UInt64>
    /// How many words there are.
    var wordCount: Int { words.count }

    /// Whether bit `index` is set.
    @inline(__always)
    func contains(_ index: Int) -> Bool {
        words[index &>> 6] & (1 &<< UInt64(index & 63)) != 0
    }

    /// Sets bit `index`.
    @inline(__always)
    func insert(_ index: Int) {
        words[index &>> 6] |= 1 &<< UInt64(index & 63)
    }

    /// The 64 bits of word `word`.
    subscript(word: Int) -> UInt64 {
        @inline(__always) get { words[word] }
        @inline(__always) nonmutating set { words[word] = newValue }
    }
}
