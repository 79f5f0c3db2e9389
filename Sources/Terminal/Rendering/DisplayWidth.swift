/// How many terminal columns text takes: wide East Asian characters and emoji take two, combining
/// marks and other zero-width characters none.
public enum DisplayWidth {
    /// The columns `character` (one grapheme cluster) occupies.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        if scalars.count > 1 {
            // Emoji sequences (flags, ZWJ families, keycaps, VS16) render as one wide glyph.
            if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) && first.properties.isEmoji { return 2 }
            if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        }
        return width(of: first)
    }

    /// The columns `text` occupies.
    ///
    /// - Complexity: O(n) in the length of `text`.
    public static func of<Text: StringProtocol>(_ text: Text) -> Int {
        var total = 0
        for character in text {
            if let ascii = character.asciiValue {
                total += ascii < 0x20 || ascii == 0x7F ? 0 : 1
            } else {
                total += of(character)
            }
        }
        return total
    }

    /// The width of a single scalar, after UAX #11 (East Asian Width) and the emoji presentation property.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The longest prefix of `text` that fits in `columns`, and the rest.
    static func split(_ text: Substring, fitting columns: Int) -> (head: Substring, tail: Substring) {
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let width = of(text[index])
            if used + width > columns, used > 0 { break }
            used += width
            index = text.index(after: index)
        }
        return (text[..<index], text[index...])
    }
}
