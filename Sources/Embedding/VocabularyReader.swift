import Foundation

/// Reads the `"vocab": {"token": id, …}` object of a `tokenizer.json` without decoding the rest:
/// a flat object of JSON strings and whole numbers.
enum VocabularyReader {
    /// The vocabulary, or `nil` when the file has no such object or it is not well formed.
    static func vocabulary(in data: Data) -> [String: Int32]? {
        data.withUnsafeBytes { raw -> [String: Int32]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let start = find(Array(#""vocab""#.utf8), in: bytes) else { return nil }
            var reader = Reader(bytes: bytes, offset: start)
            reader.skipSpace()
            guard reader.take(UInt8(ascii: ":")) else { return nil }
            reader.skipSpace()
            guard reader.take(UInt8(ascii: "{")) else { return nil }
            var vocabulary: [String: Int32] = [:]
            vocabulary.reserveCapacity(32_000)
            reader.skipSpace()
            if reader.take(UInt8(ascii: "}")) { return vocabulary }
            while true {
                reader.skipSpace()
                guard let token = reader.string() else { return nil }
                reader.skipSpace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipSpace()
                guard let id = reader.integer() else { return nil }
                vocabulary[token] = id
                reader.skipSpace()
                if reader.take(UInt8(ascii: ",")) { continue }
                return reader.take(UInt8(ascii: "}")) ? vocabulary : nil
            }
        }
    }

    /// The offset just past the first occurrence of `needle`.
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if (0..<needle.count).allSatisfy({ bytes[start + $0] == needle[$0] }) { return start + needle.count }
        }
        return nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset: Int

        mutating func skipSpace() {
            while offset < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[offset]) { offset += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        mutating func integer() -> Int32? {
            let start = offset
            while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) { offset += 1 }
            guard offset > start, offset - start <= 9 else { return nil }
            return bytes[start..<offset].reduce(0) { $0 * 10 + Int32($1 - 0x30) }
        }

        /// A JSON string, escapes decoded (surrogate pairs included).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var utf8: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard offset < bytes.count else { return nil }
                    let escaped = bytes[offset]
                    offset += 1
                    switch escaped {
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low)
                            else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let character = Unicode.Scalar(scalar) else { return nil }
                        utf8.append(contentsOf: String(character).utf8)
                    default: utf8.append(escaped)
                    }
                default: utf8.append(byte)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(Unicode.Scalar(bytes[offset])).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
                offset += 1
            }
            return value
        }
    }
}
