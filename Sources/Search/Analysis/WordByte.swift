/// The one definition of the bytes a word is made of, shared by the tokenizer and the snippet
/// scanner: ASCII letters and digits, and every byte of a multi-byte character. The vector classifier
/// in `CIntrinsics` (`frontline_classify64`) is tested against it, byte value by byte value.
enum WordByte {
    /// Whether `byte` is an ASCII letter, either case.
    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// Whether `byte` is an ASCII digit.
    @inline(__always)
    static func isASCIIDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Whether `byte` is an ASCII letter or digit.
    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool { isASCIILetter(byte) || isASCIIDigit(byte) }

    /// Whether `byte` can be in a word: an ASCII letter or digit, or a byte of a multi-byte character.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool { byte >= 0x80 || isASCIIAlphanumeric(byte) }

    /// Whether `byte` needs a closer look when words are split by masks: a byte of a multi-byte
    /// character, or `-`, `'`, `,`, `.` and `$`, which may join words or start an amount.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == 0x2D || byte == 0x27 || byte == 0x2C || byte == 0x2E || byte == 0x24
    }
}
