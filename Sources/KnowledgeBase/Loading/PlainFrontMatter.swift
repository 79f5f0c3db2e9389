/// Reads the front matter most files have (one `key: value` or `key: [a, b]` per line, plain words
/// and no YAML syntax beyond that) without a YAML parser: a tenth of the time, for the same fields.
///
/// Anything else (quotes, block lists, nested mappings, comments, anchors, a key written twice, a
/// value with `: ` or ` #` in it) makes it give up, and the full YAML parser reads the text instead,
/// so every file means what YAML says it means.
enum PlainFrontMatter {
    /// The fields of `yaml`, or nil when it needs the full YAML parser. `lineOffset` is the file line
    /// before the first line of `yaml`.
    static func fields(of yaml: String, lineOffset: Int) -> [String: FrontMatter.Field]? {
        var text = yaml
        return text.withUTF8 { bytes in fields(of: bytes, lineOffset: lineOffset) }
    }

    private static func fields(of bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int) -> [String: FrontMatter.Field]? {
        var fields: [String: FrontMatter.Field] = [:]
        var line = 0
        var start = 0
        while start < bytes.count {
            line += 1
            var end = start
            while end < bytes.count, bytes[end] != newline { end += 1 }
            defer { start = end + 1 }
            var last = end
            if last > start, bytes[last - 1] == carriageReturn { last -= 1 }
            if isBlank(bytes, start, last) { continue }
            guard let (key, value) = field(bytes, start, last), fields[key] == nil else { return nil }
            fields[key] = FrontMatter.Field(value: value, line: line + lineOffset, column: 1)
        }
        return fields
    }

    /// One `key: value` line, or nil when it is anything more.
    private static func field(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (String, YAMLValue)? {
        var index = start
        guard index < end, isKeyStart(bytes[index]) else { return nil }
        while index < end, isKeyByte(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == colon else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        if index == end { return (key, .null) }
        guard bytes[index] == space else { return nil }
        while index < end, bytes[index] == space { index += 1 }
        var valueEnd = end
        while valueEnd > index, bytes[valueEnd - 1] == space { valueEnd -= 1 }
        if index == valueEnd { return (key, .null) }
        if bytes[index] == openBracket {
            guard bytes[valueEnd - 1] == closeBracket else { return nil }
            return sequence(bytes, index + 1, valueEnd - 1).map { (key, .sequence($0)) }
        }
        guard let scalar = plainScalar(bytes, index, valueEnd, inFlow: false) else { return nil }
        switch scalar {
        case "~", "null", "Null", "NULL": return (key, .null)
        default: return (key, .scalar(scalar))
        }
    }

    /// The items of a one-line `[a, b, c]`, each a plain scalar.
    private static func sequence(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [YAMLValue]? {
        if isBlank(bytes, start, end) { return [] }
        var items: [YAMLValue] = []
        var itemStart = start
        while itemStart <= end {
            var itemEnd = itemStart
            while itemEnd < end, bytes[itemEnd] != comma { itemEnd += 1 }
            var first = itemStart
            var last = itemEnd
            while first < last, bytes[first] == space { first += 1 }
            while last > first, bytes[last - 1] == space { last -= 1 }
            guard first < last, let item = plainScalar(bytes, first, last, inFlow: true) else { return nil }
            items.append(.scalar(item))
            itemStart = itemEnd + 1
        }
        return items
    }

    /// A plain (unquoted) scalar, or nil when the text holds anything YAML would read differently.
    private static func plainScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, inFlow: Bool) -> String? {
        guard !isIndicator(bytes[start]) else { return nil }
        for index in start..<end {
            let byte = bytes[index]
            if byte == tab || byte < space && byte != tab { return nil }
            if inFlow, isFlowIndicator(byte) || byte == colon { return nil }
            if byte == colon, index + 1 == end || bytes[index + 1] == space { return nil }
            if byte == hash, index > start, bytes[index - 1] == space { return nil }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        (start..<end).allSatisfy { bytes[$0] == space }
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == underscore }

    private static func isKeyByte(_ byte: UInt8) -> Bool { isKeyStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == hyphen }

    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t"), colon = UInt8(ascii: ":"), comma = UInt8(ascii: ",")
    private static let hash = UInt8(ascii: "#"), hyphen = UInt8(ascii: "-"), underscore = UInt8(ascii: "_")
    private static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    /// Whether `byte` gives a scalar's first character a YAML meaning.
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
            UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
            UInt8(ascii: "`"):
            true
        default:
            false
        }
    }

    /// Whether `byte` has a meaning inside `[...]`.
    private static func isFlowIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): true
        default: false
        }
    }
}
