/// Word → id for the indexer's hot loop: open addressing over a 64-bit hash of the word's UTF-8
/// bytes, which costs a fraction of a `Dictionary<String, Int32>` lookup (SipHash) and is looked up
/// once for every word of every article. The words themselves live in the caller's array.
struct WordIDTable {
    /// Per slot: the word id plus one (0 is empty).
    private var slots: [Int32]
    /// Per slot: the hash of the word in it.
    private var hashes: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        hashes = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The id of `word` in `words`, or nil.
    func id(of word: String, hash: UInt64, in words: [String]) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if hashes[slot] == hash, words[Int(entry - 1)] == word { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Records that the word with `hash` has id `id` (it must not be in the table yet).
    mutating func insert(id: Int32, hash: UInt64) {
        if (count + 1) * 2 > slots.count { grow() }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = id + 1
        hashes[slot] = hash
        count += 1
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldHashes = hashes
        slots = [Int32](repeating: 0, count: oldSlots.count * 2)
        hashes = [UInt64](repeating: 0, count: oldSlots.count * 2)
        mask = slots.count - 1
        count = 0
        for (slot, entry) in oldSlots.enumerated() where entry != 0 { insert(id: entry - 1, hash: oldHashes[slot]) }
    }

    /// A 64-bit hash of the word's UTF-8 bytes (FNV-1a, then mixed so the low bits spread).
    static func hash(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash ^= hash >> 29
            hash = hash &* 0xBF58_476D_1CE4_E5B9
            return hash ^ (hash >> 32)
        }
    }
}
