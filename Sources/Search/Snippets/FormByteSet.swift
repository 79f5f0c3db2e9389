/// A small set of folded word forms, looked up by the bytes of a word as it stands in a text, upper
/// case ASCII letters folded during the lookup: the snippet scanner's test of each candidate word,
/// which makes no `String` and hashes nothing but the word's bytes.
///
/// Open addressing over an FNV-1a hash of the folded bytes; the forms' bytes live in one array.
struct FormByteSet {
    private var bytes: [UInt8] = []
    /// For form `i`, its bytes are `bytes[starts[i]..<starts[i + 1]]`.
    private var starts: [Int32] = [0]
    /// Form index + 1, or 0 for an empty slot.
    private var slots: [Int32]
    private let mask: Int

    init<Forms: Collection<String>>(_ forms: Forms) {
        // Sized first: a query builds one for its snippets, and growing the arrays as the forms
        // come allocated several times.
        bytes.reserveCapacity(forms.reduce(0) { $0 + $1.utf8.count })
        starts.reserveCapacity(forms.count + 1)
        var count = 0
        for form in forms {
            bytes.append(contentsOf: form.utf8)
            starts.append(Int32(bytes.count))
            count += 1
        }
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for form in 0..<count {
            let start = Int(starts[form])
            let end = Int(starts[form + 1])
            var slot = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<end])) } & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(form + 1)
        }
    }

    /// ASCII upper case to lower case; other bytes as they are.
    @inline(__always)
    private static func folded(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// FNV-1a over the folded bytes.
    @inline(__always)
    private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word { hash = (hash ^ UInt64(folded(byte))) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// Whether `word`, ASCII case folded, is one of the forms.
    func contains(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { contains($0) }
    }

    /// Whether the word, ASCII case folded, is one of the forms.
    ///
    /// - Complexity: O(length of `word`), expected.
    func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var slot = Self.hash(word) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return false }
                let start = Int(starts[entry - 1])
                let end = Int(starts[entry])
                if end - start == word.count {
                    var offset = 0
                    while offset < word.count, stored[start + offset] == Self.folded(word[offset]) { offset += 1 }
                    if offset == word.count { return true }
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
