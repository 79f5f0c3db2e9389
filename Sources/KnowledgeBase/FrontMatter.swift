import Foundation
import Yams

/// A YAML value from front matter, reduced to what content needs.
public indirect enum YAMLValue: Sendable, Hashable {
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
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first,
            first.trimmingCharacters(in: .whitespaces).trimmingPrefix("\u{FEFF}") == "---"
        else {
            return Result(frontMatter: .empty, body: text, bodyStartLine: 1, diagnostics: [])
        }
        lines.removeFirst()
        guard
            let closing = lines.firstIndex(where: {
                let line = $0.trimmingCharacters(in: .whitespaces)
                return line == "---" || line == "..."
            })
        else {
            return Result(
                frontMatter: .empty, body: text, bodyStartLine: 1,
                diagnostics: [
                    .error(
                        "front matter starts with '---' but never closes; add a '---' line after the last field",
                        path: path, line: 1, column: 1)
                ])
        }
        let yaml = lines[..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        let bodyStartLine = closing + 3
        var diagnostics: [Diagnostic] = []
        let fields = parseFields(yaml: yaml, path: path, lineOffset: 1, diagnostics: &diagnostics)
        return Result(
            frontMatter: FrontMatter(fields: fields, startLine: 1), body: body,
            bodyStartLine: bodyStartLine, diagnostics: diagnostics)
    }

    /// The largest front matter accepted, in bytes; more is almost surely a mistake.
    static let maximumYAMLSize = 64 * 1024

    private static func parseFields(
        yaml: String, path: String, lineOffset: Int, diagnostics: inout [Diagnostic]
    ) -> [String: FrontMatter.Field] {
        if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [:] }
        if yaml.utf8.count > maximumYAMLSize {
            diagnostics.append(
                .error("front matter is larger than 64 KB; keep it to a few fields", path: path, line: 1 + lineOffset))
            return [:]
        }
        if let alias = firstAnchorOrAlias(in: yaml) {
            diagnostics.append(
                .error(
                    "front matter uses the YAML anchor or alias '\(alias.token)', which frontline does not accept; write the value out",
                    path: path, line: alias.line + lineOffset, column: alias.column))
            return [:]
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error, path: path, lineOffset: lineOffset))
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

    private static func diagnostic(for error: YamlError, path: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "front matter is not valid YAML: \(problem)"
            if problem.contains("mapping values are not allowed") {
                message += "; a value that contains ': ' must be put in quotes"
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

    /// Finds the first `&anchor` or `*alias` token outside quotes and comments. Aliases are refused before
    /// expansion, so a "billion laughs" document cannot exhaust memory.
    static func firstAnchorOrAlias(in yaml: String) -> (token: String, line: Int, column: Int)? {
        for (lineIndex, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character? = nil
            var previous: Character = " "
            var lastSignificant: Character = ":"
            for (columnIndex, character) in line.enumerated() {
                defer {
                    previous = character
                    if character != " " && character != "\t" { lastSignificant = character }
                }
                if let open = quote {
                    if character == open { quote = nil }
                    continue
                }
                let atValueStart = (previous == " " || previous == "\t" || columnIndex == 0 || "[{,".contains(previous))
                    && ":-[{,".contains(lastSignificant)
                if character == "\"" || character == "'" {
                    if atValueStart { quote = character }
                } else if character == "#", previous == " " || columnIndex == 0 {
                    break
                } else if character == "&" || character == "*", atValueStart {
                    let rest = line.dropFirst(columnIndex + 1).prefix { !" ,]}\t".contains($0) }
                    if !rest.isEmpty {
                        return (String(character) + rest, lineIndex + 1, columnIndex + 1)
                    }
                }
            }
        }
        return nil
    }
}
