import Support

/// Finds articles by a string key (id or path) through an open-addressing table of article
/// indices: 4 bytes a slot, where a dictionary from strings would hold a 24-byte entry per slot
/// (12 MB for the two lookups of 100,000 articles, against 2 MB).
struct ArticleLookup: Sendable {
    /// Article indices, -1 where empty; the size is a power of two, at most half full.
    private let slots: [Int32]

    /// Which article a key that several share finds.
    enum Duplicates {
        case first, last
    }

    /// A table of `keys` (one per article, in article order).
    init(_ keys: [String], keeping duplicates: Duplicates) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (index, key) in keys.enumerated() {
            var slot = Self.hash(key) & mask
            while slots[slot] >= 0 {
                if keys[Int(slots[slot])] == key { break }
                slot = (slot + 1) & mask
            }
            if slots[slot] < 0 || duplicates == .last { slots[slot] = Int32(index) }
        }
        self.slots = slots
    }

    /// The index of the article whose key is `key`, reading each candidate's key with `keyOf`.
    func index(of key: String, keyOf: (Int) -> String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if keyOf(index) == key { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func hash(_ key: String) -> Int {
        var key = key
        return Int(truncatingIfNeeded: key.withUTF8 { ByteHashing.hash($0) })
    }
}
