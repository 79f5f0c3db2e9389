/// Reads typed fields from front matter, recording a diagnostic for each field of the wrong type.
final class FieldReader {
    let frontMatter: FrontMatter
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(frontMatter: FrontMatter, path: String) {
        self.frontMatter = frontMatter
        self.path = path
    }

    /// Records a problem with the field `key`, at the field's line.
    func report(_ message: String, key: String, severity: Diagnostic.Severity = .error) {
        let field = frontMatter[key]
        diagnostics.append(Diagnostic(path: path, line: field?.line, column: field?.column, severity: severity, message: message))
    }

    /// A single text value; `nil` when missing, null or of the wrong type (reported).
    func string(_ key: String) -> String? {
        guard let field = frontMatter[key] else { return nil }
        switch field.value {
        case .scalar(let value):
            let trimmed = value.trimmed
            return trimmed.isEmpty ? nil : trimmed
        case .null:
            return nil
        default:
            report("field '\(key)' should be a single value, found \(field.value.shapeName)", key: key)
            return nil
        }
    }

    /// A list of text values; a single value is read as a comma-separated list.
    func stringList(_ key: String) -> [String] {
        guard let field = frontMatter[key] else { return [] }
        switch field.value {
        case .scalar(let value):
            return value.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        case .sequence(let items):
            var result: [String] = []
            for item in items {
                if case .scalar(let value) = item, !value.trimmed.isEmpty {
                    result.append(value.trimmed)
                } else if item != .null {
                    report("field '\(key)' should be a list of values, but an item is \(item.shapeName)", key: key)
                }
            }
            return result
        case .null:
            return []
        case .mapping:
            report("field '\(key)' should be a list like [a, b], found a mapping", key: key)
            return []
        }
    }

    /// A whole number.
    func integer(_ key: String) -> Int? {
        guard let field = frontMatter[key], field.value != .null else { return nil }
        if case .scalar(let value) = field.value, let number = Int(value.trimmed) { return number }
        report("field '\(key)' should be a whole number, found \(describe(field.value))", key: key)
        return nil
    }

    /// A `YYYY-MM-DD` date.
    func date(_ key: String) -> ContentDate? {
        guard let field = frontMatter[key], field.value != .null else { return nil }
        if case .scalar(let value) = field.value, let date = ContentDate(parsing: value) { return date }
        report("field '\(key)' should be a date like 2026-10-02, found \(describe(field.value))", key: key)
        return nil
    }

    private func describe(_ value: YAMLValue) -> String {
        if case .scalar(let text) = value { return "'\(text)'" }
        return value.shapeName
    }
}
