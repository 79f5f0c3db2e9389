/// Makes text safe to print on a terminal.
///
/// Content files and queries may hold escape sequences (which could move the cursor, retitle the
/// window or rewrite the screen) and control characters. Everything that reaches the terminal passes
/// through ``sanitized(_:)`` first: only frontline's own styling emits escape codes.
public enum TerminalText {
    /// `text` without escape sequences (CSI, OSC, DCS and the rest, in 7-bit and 8-bit forms), control
    /// characters and bidirectional overrides. Tabs and line breaks become single spaces.
    ///
    /// - Complexity: O(n) in the number of Unicode scalars.
    public static func sanitized(_ text: String) -> String {
        // Fast path: most text has nothing to remove.
        if !text.unicodeScalars.contains(where: needsAttention) { return text }
        var output = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x1B:
                index = endOfEscapeSequence(scalars, from: index + 1)
                continue
            case 0x9B:
                index = endOfControlSequence(scalars, from: index + 1)
                continue
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                index = endOfString(scalars, from: index + 1)
                continue
            case 0x09, 0x0A, 0x0B, 0x0C:
                if output.last != " " { output.append(" ") }
            case 0x00...0x1F, 0x7F...0x9F:
                break
            case 0x202A...0x202E, 0x2066...0x2069:
                break
            default:
                output.append(scalar)
            }
            index += 1
        }
        return String(output)
    }

    /// `text` sanitised like ``sanitized(_:)``, except that colour and emphasis codes (SGR sequences,
    /// `ESC [ digits ; ... m`) are kept: for text that a training renderer styled itself.
    public static func sanitizedKeepingColours(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let escape = rest.firstIndex(of: "\u{1B}") {
            output += sanitized(String(rest[..<escape]))
            let sequence = rest[escape...].dropFirst()
            if sequence.first == "[" {
                let body = sequence.dropFirst().prefix { $0.isASCII && ($0.isNumber || $0 == ";") }
                let end = sequence.dropFirst(1 + body.count)
                if end.first == "m" {
                    output += "\u{1B}[" + body + "m"
                    rest = end.dropFirst()
                    continue
                }
            }
            // Anything else: let sanitized(_:) drop the whole sequence.
            let next = sequence.firstIndex(of: "\u{1B}") ?? sequence.endIndex
            output += sanitized(String(rest[escape..<next]))
            rest = rest[next...]
        }
        return output + sanitized(String(rest))
    }

    /// Whether `text` would change when sanitised.
    public static func isSafe(_ text: String) -> Bool { !text.unicodeScalars.contains(where: needsAttention) }

    private static func needsAttention(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Skips what follows an ESC: a control sequence, a string command, or one more character.
    private static func endOfEscapeSequence(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        guard start < scalars.count else { return start }
        switch scalars[start] {
        case "[": return endOfControlSequence(scalars, from: start + 1)
        case "]", "P", "X", "^", "_": return endOfString(scalars, from: start + 1)
        default:
            // Two-character sequences (ESC 7, ESC c, ESC ( B ...): intermediates, then one final byte.
            var index = start
            while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
            if index < scalars.count, (0x30...0x7E).contains(scalars[index].value) { index += 1 }
            return index
        }
    }

    /// Skips a CSI's parameter and intermediate bytes and its final byte.
    private static func endOfControlSequence(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            let value = scalars[index].value
            index += 1
            if (0x40...0x7E).contains(value) { return index }
            if !(0x20...0x3F).contains(value) { return index - 1 }
        }
        return index
    }

    /// Skips an OSC, DCS, SOS, PM or APC body up to its terminator (BEL, ST or ESC \).
    private static func endOfString(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            let value = scalars[index].value
            if value == 0x07 || value == 0x9C { return index + 1 }
            if value == 0x1B {
                return index + 1 < scalars.count && scalars[index + 1] == "\\" ? index + 2 : index + 1
            }
            index += 1
        }
        return index
    }
}
