import Foundation

/// Word → id for the indexer's hot loop: open addressing over a 64-bit hash of the word's folded
/// UTF-8 bytes, with the words' bytes kept in one array, so that looking up a word the table knows
/// (which is nearly every word of every article) makes no `String` and costs a fraction of a
/// `Dictionary<String, Int32>` lookup (SipHash).
struct WordIDTable {
    /// Per slot: the high 32 bits of the word's hash, then its id plus one (0 is an empty slot), so
    /// that a probe reads one 8-byte entry.
    private var slots: [UInt64]
    private var mask: Int
    /// The bytes of every word, id after id; word `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]

    /// The number of words in the table; ids run from 0 to `count - 1`.
    var count: Int { starts.count - 1 }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The id of the word whose bytes are `word` and whose ``hash(_:)`` is `hash`, or nil.
    func id(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { stored in
                starts.withUnsafeBufferPointer { starts in
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let id = Int(entry & 0xFFFF_FFFF) - 1
                            let start = Int(starts[id])
                            if Int(starts[id + 1]) - start == word.count,
                                Self.equal(stored.baseAddress.map { $0 + start }, word.baseAddress, count: word.count)
                            {
                                return Int32(id)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Adds `word` (which must not be in the table yet) and returns its id, the next in order.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        let id = Int32(count)
        bytes.append(contentsOf: word)
        starts.append(Int32(bytes.count))
        place(hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1), hash: hash)
        return id
    }

    /// Whether `count` bytes at `a` and at `b` are equal, eight at a time.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, count: Int) -> Bool {
        guard count > 0, let a, let b else { return true }
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        var offset = 0
        while offset + 8 <= count {
            if rawA.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != rawB.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }

    private mutating func place(_ entry: UInt64, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry != 0 {
            let id = Int(entry & 0xFFFF_FFFF) - 1
            let start = Int(starts[id])
            let hash = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<Int(starts[id + 1])])) }
            place(entry, hash: hash)
        }
    }

    /// A 64-bit hash of a word's bytes, eight at a time, mixed so that the low bits spread.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(word.count)
        var offset = 0
        if let base = word.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= word.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
                offset += 8
            }
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < word.count {
            tail |= UInt64(word[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 32)
    }
}
