import CIntrinsics
import Foundation
import KnowledgeBase
import Support

/// The indexer's table of the words it has met, keyed by their folded UTF-8 bytes: open addressing
/// over a 64-bit hash, so that looking up a word the table knows (nearly every word of every
/// article) makes no `String` and costs a fraction of a `Dictionary<String, Int32>` lookup.
///
/// A lookup is bound by memory, not arithmetic, so each 32-byte slot holds everything the indexer
/// needs about its word: the first 16 bytes (a word of up to 16 bytes is found with one cache miss),
/// its length, id, stem, stop-word flag and how often it occurred. (A compact array of ids leading to
/// records by id measured slower: two dependent loads instead of one.)
struct WordTable {
    /// What the indexer reads about a word on each occurrence.
    struct Entry {
        var stem: Int32
        var isStopWord: Bool
    }

    private struct Slot {
        /// The word's first 16 bytes, zero-padded.
        var head: UInt64 = 0
        var tail: UInt64 = 0
        /// The word's id plus one (0 is an empty slot).
        var idPlusOne: UInt32 = 0
        var stem: Int32 = 0
        var count: UInt32 = 0
        /// The low 16 bits of the word's length.
        var length: UInt16 = 0
        var isStopWord = false
    }

    private var slots: [Slot]
    private var mask: Int
    /// The bytes of every word, id after id; word `i` starts at `starts[i]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = []

    /// The number of words in the table; ids run from 0 to `count - 1`.
    var count: Int { starts.count }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The entry of the word whose bytes are `word` and whose ``hash(_:)`` is `hash`, counting this
    /// occurrence; nil when the table does not hold it.
    mutating func occurrence(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Entry? {
        guard let slot = slot(of: word, hash: hash) else { return nil }
        slots[slot].count += 1
        return Entry(stem: slots[slot].stem, isStopWord: slots[slot].isStopWord)
    }

    /// Asks the processor to start loading the slot where a lookup of a word with hash `hash`
    /// starts, ahead of the lookup. (Mutating only so that a caller holding the table in a
    /// captured `inout` reaches it in place, instead of retaining a copy of every array.)
    @inline(__always)
    mutating func prefetchSlot(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in frontline_prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
    }

    /// The id of the word whose bytes are `word`, or nil when the table does not hold it.
    func id(of word: UnsafeBufferPointer<UInt8>) -> Int32? {
        slot(of: word, hash: Self.hash(word)).map { slot in slots.withUnsafeBufferPointer { Int32($0[slot].idPlusOne) - 1 } }
    }

    /// The slot that holds `word`, or nil.
    private func slot(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let (head, tail) = ByteHashing.head(of: word)
        let length = UInt16(truncatingIfNeeded: word.count)
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry.idPlusOne == 0 { return nil }
                if entry.length == length, entry.head == head, entry.tail == tail,
                    word.count <= 16 || restMatches(Int(entry.idPlusOne) - 1, word)
                {
                    return slot
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds `word` (which must not be in the table yet) with one occurrence; its id is the next in
    /// order, ``count`` before the call.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, stem: Int32, isStopWord: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        let id = Int32(count)
        let (head, tail) = ByteHashing.head(of: word)
        starts.append(Int32(bytes.count))
        bytes.append(contentsOf: word)
        place(
            Slot(
                head: head, tail: tail, idPlusOne: UInt32(id) + 1, stem: stem, count: 1,
                length: UInt16(truncatingIfNeeded: word.count), isStopWord: isStopWord),
            hash: hash)
    }

    /// How often each word occurred, by id.
    func occurrenceCounts() -> [UInt32] {
        var counts = [UInt32](repeating: 0, count: count)
        for slot in slots where slot.idPlusOne != 0 { counts[Int(slot.idPlusOne) - 1] = slot.count }
        return counts
    }

    /// Where word `id` lies in ``bytes`` (a slot keeps only the low 16 bits of the length).
    private func storedRange(_ id: Int) -> Range<Int> {
        Int(starts[id])..<(id + 1 < starts.count ? Int(starts[id + 1]) : bytes.count)
    }

    /// Whether word `id` is `word`, given that their first 16 bytes are equal.
    private func restMatches(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = storedRange(id)
        guard range.count == word.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + range.lowerBound + 16, word.baseAddress! + 16, word.count - 16) == 0
        }
    }

    private mutating func place(_ entry: Slot, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].idPlusOne != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.idPlusOne != 0 {
            let range = storedRange(Int(entry.idPlusOne) - 1)
            let hash = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[range])) }
            place(entry, hash: hash)
        }
    }

    /// A 64-bit hash of a word's bytes.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHashing.hash(word) }
}
