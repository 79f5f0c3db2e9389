/// Hashing and comparing short byte strings (words, pieces of text) without making a `String`: the
/// shared core of the tables that look words up by their UTF-8 bytes.
public enum ByteHashing {
    /// A 64-bit hash of `bytes`, eight at a time, mixed so that the low bits spread.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= bytes.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
                offset += 8
            }
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 32)
    }

    /// The first 16 bytes of `bytes`, zero-padded, as two little-endian words: enough to tell most
    /// words apart without reading them again.
    @inlinable @inline(__always)
    public static func head(of bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        if bytes.count >= 16 {
            let raw = UnsafeRawPointer(base)
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        var head: UInt64 = 0
        var tail: UInt64 = 0
        for index in 0..<bytes.count {
            if index < 8 {
                head |= UInt64(bytes[index]) << (8 * UInt64(index))
            } else {
                tail |= UInt64(bytes[index]) << (8 * UInt64(index - 8))
            }
        }
        return (head, tail)
    }
}
