import Foundation
import Yams

/// A YAML value from front matter, reduced to what content needs.
public enum YAMLValue: Sendable, Hashable {
    case scalar(String)
    case sequence([YAMLValue])
    case mapping([String: YAMLValue])
    case null

    /// A human name for the value's shape, for diagnostics.
    public var shapeName: String {
        switch self {
        case .scalar: "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }
}

/// The YAML front matter of a file: every field, with the file line it was written on.
public struct FrontMatter: Sendable {
    /// One `key: value` field.
    public struct Field: Sendable, Hashable {
        public var value: YAMLValue
        /// The file line of the key.
        public var line: Int
        /// The file column of the key.
        public var column: Int
    }

    /// The fields by key, unknown ones included.
    public var fields: [String: Field]
    /// The file line of the opening `---` (0 when the file has no front matter).
    public var startLine: Int

    /// Front matter with no fields.
    public static let empty = FrontMatter(fields: [:], startLine: 0)

    public init(fields: [String: Field], startLine: Int) {
        self.fields = fields
        self.startLine = startLine
    }

    /// The field for `key`, if present.
    public subscript(key: String) -> Field? { fields[key] }
}

/// Front matter split from the body of a Markdown file, and parsed.
struct FrontMatterParser {
    /// The outcome of splitting and parsing.
    struct Result {
        var frontMatter: FrontMatter
        var body: String
        /// The file line on which the body starts.
        var bodyStartLine: Int
        var diagnostics: [Diagnostic]
    }

    /// Splits `text` into front matter and body, and parses the front matter with Yams.
    /// Problems become diagnostics; the body is always returned.
    static func parse(_ text: String, path: String) -> Result {
        var contiguous = text
        return contiguous.withUTF8 { bytes in parse(bytes, text: text, path: path) }
    }

    /// The body of the file text `text`: everything after its front matter.
    static func body(of text: String) -> String { parse(text, path: "").body }

    /// ``parse(_:path:)`` over the UTF-8 bytes of `text`, line by line with `memchr`.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, text: String, path: String) -> Result {
        func endOfLine(from start: Int) -> Int {
            guard start < bytes.count, let base = bytes.baseAddress,
                let found = memchr(base + start, 0x0A, bytes.count - start)
            else { return bytes.count }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func isFence(_ range: Range<Int>, _ markers: [String]) -> Bool {
            // Most lines are fields: their first byte that is not a space rules them out.
            if let first = bytes[range].first(where: { $0 != 0x20 && $0 != 0x09 }), first < 0x80,
                first != UInt8(ascii: "-"), first != UInt8(ascii: "."), first < 0x0A || first > 0x0D
            {
                return false
            }
            var line = string(range).trimmed
            if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            return markers.contains(line)
        }
        let firstEnd = endOfLine(from: 0)
        guard isFence(0..<firstEnd, ["---"]), firstEnd < bytes.count else {
            return Result(frontMatter: .empty, body: text, bodyStartLine: 1, diagnostics: [])
        }
        let yamlStart = firstEnd + 1
        var cursor = yamlStart
        var lineNumber = 1
        while cursor < bytes.count {
            let end = endOfLine(from: cursor)
            lineNumber += 1
            if isFence(cursor..<end, ["---", "..."]) {
                let yaml = string(yamlStart..<cursor)
                let body = end < bytes.count ? string((end + 1)..<bytes.count) : ""
                var diagnostics: [Diagnostic] = []
                let fields = parseFields(yaml: yaml, path: path, lineOffset: 1, diagnostics: &diagnostics)
                return Result(
                    frontMatter: FrontMatter(fields: fields, startLine: 1), body: body,
                    bodyStartLine: lineNumber + 1, diagnostics: diagnostics)
            }
            cursor = end < bytes.count ? end + 1 : end
        }
        return Result(
            frontMatter: .empty, body: text, bodyStartLine: 1,
            diagnostics: [
                .error(
                    "front matter starts with '---' but never closes; add a '---' line after the last field",
                    path: path, line: 1, column: 1)
            ])
    }

    /// The largest front matter accepted, in bytes; more is almost surely a mistake.
    static let maximumYAMLSize = 64 * 1024

    static func parseFields(
        yaml: String, path: String, lineOffset: Int, diagnostics: inout [Diagnostic]
    ) -> [String: FrontMatter.Field] {
        if yaml.trimmed.isEmpty { return [:] }
        if yaml.utf8.count > maximumYAMLSize {
            diagnostics.append(
                .error("front matter is larger than 64 KB; keep it to a few fields", path: path, line: 1 + lineOffset))
            return [:]
        }
        if let fields = PlainFrontMatter.fields(of: yaml, lineOffset: lineOffset) { return fields }
        let problems = diagnostics.count
        let fields = yamlFields(yaml: yaml, path: path, lineOffset: lineOffset, diagnostics: &diagnostics)
        if fields.isEmpty, diagnostics.count > problems { return recoveredFields(yaml: yaml, lineOffset: lineOffset) }
        return fields
    }

    /// When the YAML does not parse, the plain top-level `id:` and `title:` lines still name the
    /// article: links to it keep working, and search shows it under the id the trainer chose.
    static func recoveredFields(yaml: String, lineOffset: Int) -> [String: FrontMatter.Field] {
        var fields: [String: FrontMatter.Field] = [:]
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for key in ["id", "title"] where line.hasPrefix(key + ":") && fields[key] == nil {
                let value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                guard !value.isEmpty, !value.contains(where: { "[]{}#&*!|>%@`".contains($0) }) else { continue }
                fields[key] = FrontMatter.Field(value: .scalar(value), line: index + 1 + lineOffset, column: 1)
            }
        }
        return fields
    }

    /// The fields of `yaml` read by the YAML parser (any YAML, with diagnostics for what is wrong).
    static func yamlFields(
        yaml: String, path: String, lineOffset: Int, diagnostics: inout [Diagnostic]
    ) -> [String: FrontMatter.Field] {
        if let alias = firstAnchorOrAlias(in: yaml) {
            diagnostics.append(
                .error(
                    "front matter uses the YAML anchor or alias '\(alias.token)', which frontline does not accept; write the value out",
                    path: path, line: alias.line + lineOffset, column: alias.column))
            return [:]
        }
        let node: Node?
        do {
            // Every value is read as text, so tag resolution (regular expressions per scalar) is skipped.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error, path: path, lineOffset: lineOffset, yaml: yaml))
            return [:]
        } catch {
            diagnostics.append(.error("front matter is not valid YAML: \(error)", path: path, line: 1 + lineOffset))
            return [:]
        }
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            diagnostics.append(
                .error(
                    "front matter must be a mapping of 'key: value' lines, found \(value(of: node).shapeName)",
                    path: path, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column))
            return [:]
        }
        var fields: [String: FrontMatter.Field] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                diagnostics.append(
                    .warning(
                        "front matter key is not a plain name; it is ignored", path: path,
                        line: (key.mark?.line ?? 1) + lineOffset, column: key.mark?.column))
                continue
            }
            fields[name] = FrontMatter.Field(
                value: Self.value(of: value), line: (key.mark?.line ?? 1) + lineOffset, column: key.mark?.column ?? 1)
        }
        return fields
    }

    private static func value(of node: Node) -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .scalar(scalar.string)
        case .sequence(let sequence):
            return .sequence(sequence.map(value(of:)))
        case .mapping(let mapping):
            var result: [String: YAMLValue] = [:]
            for (key, value) in mapping {
                result[key.scalar?.string ?? "\(key)"] = Self.value(of: value)
            }
            return .mapping(result)
        case .alias:
            return .null
        }
    }

    private static func diagnostic(for error: YamlError, path: String, lineOffset: Int, yaml: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // An unclosed `[` or `{` is found only on a later line: point at the line that opened it.
            if let context, context.mark.line != mark.line, context.text.contains("flow sequence") || context.text.contains("flow mapping")
            {
                let bracket = context.text.contains("sequence") ? "]" : "}"
                return .error(
                    "front matter is not valid YAML: the \(bracket == "]" ? "list" : "mapping") opened here has no closing '\(bracket)'; "
                        + "close it on this line", path: path, line: context.mark.line + lineOffset, column: context.mark.column)
            }
            var message = "front matter is not valid YAML: \(problem)"
            if problem.contains("mapping values are not allowed") {
                message = mappingValueAdvice(yaml: yaml, line: mark.line) ?? message + "; a value that contains ': ' must be put in quotes"
            }
            if let context, context.mark.line != mark.line {
                message += " (\(context.text) that starts on line \(context.mark.line + lineOffset))"
            }
            return .error(message, path: path, line: mark.line + lineOffset, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                "front matter repeats the key '\(duplicates.joined(separator: "', '"))'; keep one",
                path: path, line: context.mark.line + lineOffset, column: context.mark.column)
        default:
            return .error("front matter is not valid YAML: \(error)", path: path, line: 1 + lineOffset)
        }
    }

    /// The advice for "mapping values are not allowed" on `line` (1-based) of `yaml`: a `key: value`
    /// line indented unlike the one above is an indentation mistake; otherwise a value holds ': ' and
    /// needs quotes.
    static func mappingValueAdvice(yaml: String, line: Int) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        let indent = text.prefix { $0 == " " }.count
        let body = text.dropFirst(indent)
        let isOneKeyLine =
            body.range(of: #"^[A-Za-z0-9_-]+:( |$)"#, options: .regularExpression) != nil
            && body.components(separatedBy: ": ").count <= 2
        guard isOneKeyLine, let above = lines[..<(line - 1)].last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return nil
        }
        let aboveIndent = above.prefix { $0 == " " }.count
        guard indent != aboveIndent else { return nil }
        let key = body.prefix { $0 != ":" }
        return "front matter is not valid YAML: '\(key):' is indented \(indent) space\(indent == 1 ? "" : "s") but the line above "
            + "\(aboveIndent == 0 ? "starts at the margin" : "is indented \(aboveIndent)"); keys of one block must line up, "
            + "so indent it like the line above (or like the key it belongs under)"
    }

    /// Finds the first `&anchor` or `*alias` token outside quotes and comments. Aliases are refused before
    /// expansion, so a "billion laughs" document cannot exhaust memory.
    static func firstAnchorOrAlias(in yaml: String) -> (token: String, line: Int, column: Int)? {
        // Scans bytes rather than characters: every byte the rules look at is ASCII.
        let bytes = Array(yaml.utf8)
        let space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        let newline = UInt8(ascii: "\n")
        let valueOpeners: Set<UInt8> = Set(":-[{,".utf8)
        let flowOpeners: Set<UInt8> = Set("[{,".utf8)
        let tokenEnds: Set<UInt8> = Set(" ,]}\t\n".utf8)
        var line = 1
        var lineStart = 0
        var quote: UInt8? = nil
        var previous = newline
        var lastSignificant = UInt8(ascii: ":")
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            defer {
                previous = byte
                if byte != space && byte != tab { lastSignificant = byte }
                index += 1
            }
            if byte == newline {
                line += 1
                lineStart = index + 1
                quote = nil
                lastSignificant = UInt8(ascii: ":")
                continue
            }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            let atLineStart = previous == newline
            let atValueStart =
                (previous == space || previous == tab || atLineStart || flowOpeners.contains(previous))
                && valueOpeners.contains(lastSignificant)
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                if atValueStart { quote = byte }
            } else if byte == UInt8(ascii: "#"), previous == space || atLineStart {
                // A comment: skip to the end of the line.
                while index + 1 < bytes.count, bytes[index + 1] != newline { index += 1 }
            } else if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*"), atValueStart {
                var end = index + 1
                while end < bytes.count, !tokenEnds.contains(bytes[end]) { end += 1 }
                if end > index + 1 {
                    let token = String(decoding: bytes[index..<end], as: UTF8.self)
                    return (token, line, index - lineStart + 1)
                }
            }
        }
        return nil
    }
}
