import Foundation
import KnowledgeBase

/// A query split into its parts: free words, quoted phrases, exclusions and field filters.
struct ParsedQuery: Equatable {
    /// Free words, in order, joined by spaces.
    var words: String = ""
    /// Quoted phrases, which a hit must contain word for word.
    var phrases: [String] = []
    /// Words or phrases after `-`: articles containing any of them are left out.
    var excluded: [String] = []
    /// `type:` filters (any of them).
    var kinds: [ArticleKind] = []
    /// `type:` filters that named no type but were close to one (`type:polcy`), for "did you mean".
    var correctedFilters: [FilterCorrection] = []
    /// `tag:` filters (all of them), folded.
    var tags: [String] = []
    /// `product:` filters (all of them), folded.
    var products: [String] = []
    /// ``tags`` and ``products`` as filters compare them (``QueryParser/filterKey(_:)``), worked out
    /// once here rather than for every article a filtered query meets.
    var tagKeys: [String] = []
    var productKeys: [String] = []
    /// Whether the last thing typed is a free word still being typed (no space after it), which
    /// then also matches as a prefix.
    var endsInWord = false

    var hasFilters: Bool { !kinds.isEmpty || !tags.isEmpty || !products.isEmpty }
}

/// A filter read as other than typed: `type:polcy` as `type:policy`.
struct FilterCorrection: Equatable {
    var typed: String
    var meant: String
}

/// Parses the query syntax: `"exact phrase"`, `-exclude`, `-"excluded phrase"`, `type:policy`,
/// `tag:billing`, `product:NAME`. It never fails: anything it cannot read (an unclosed quote, an
/// unknown field, an unknown type) is searched as plain words. A type within the typo allowance of
/// one, and of no other, is read as that type (`type:polcy` is `type:policy`).
enum QueryParser {
    /// Parses `query`. `plainWordPath: false` sends every query through the general parser, which
    /// the plain-word path must agree with (for tests).
    static func parse(_ query: String, plainWordPath: Bool = true) -> ParsedQuery {
        if plainWordPath, let plain = plainWords(query) { return plain }
        var result = ParsedQuery()
        var words: [String] = []
        let characters = Array(query)
        var index = 0
        var lastWasWord = false

        func readQuoted(from start: Int) -> (String, Int)? {
            guard let close = characters[(start + 1)...].firstIndex(of: "\"") else { return nil }
            return (String(characters[(start + 1)..<close]), close + 1)
        }

        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            var negated = false
            var start = index
            if character == "-", index + 1 < characters.count, !characters[index + 1].isWhitespace {
                negated = true
                start += 1
            }
            if characters[start] == "\"" {
                guard let (phrase, end) = readQuoted(from: start) else {
                    // An unclosed quote: the rest is plain words.
                    words.append(String(characters[(start + 1)...]))
                    lastWasWord = !(characters.last?.isWhitespace ?? true)
                    break
                }
                if negated { result.excluded.append(phrase) } else { result.phrases.append(phrase) }
                lastWasWord = false
                index = end
                continue
            }
            var end = start
            while end < characters.count, !characters[end].isWhitespace {
                if characters[end] == ":", end + 1 < characters.count, characters[end + 1] == "\"",
                    let (_, quotedEnd) = readQuoted(from: end + 1)
                {
                    end = quotedEnd
                    break
                }
                end += 1
            }
            let item = String(characters[start..<end])
            index = end
            if negated {
                result.excluded.append(item)
                lastWasWord = false
                continue
            }
            if applyFilter(item, to: &result) {
                lastWasWord = false
                continue
            }
            words.append(item)
            lastWasWord = true
        }
        result.words = words.joined(separator: " ")
        result.endsInWord = lastWasWord && !(characters.last?.isWhitespace ?? true)
        return result
    }

    /// The common query, plain ASCII words without quotes, colons or a leading `-`, parsed from its
    /// bytes; `nil` for anything else. It gives what the general parser gives, without making an
    /// array of characters.
    private static func plainWords(_ query: String) -> ParsedQuery? {
        var words: [UInt8] = []
        words.reserveCapacity(query.utf8.count)
        var afterSpace = true
        for byte in query.utf8 {
            if byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ":") { return nil }
            let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            if isSpace {
                afterSpace = true
                continue
            }
            if afterSpace {
                if byte == UInt8(ascii: "-") { return nil }
                if !words.isEmpty { words.append(0x20) }
                afterSpace = false
            }
            words.append(byte)
        }
        var result = ParsedQuery()
        result.words = String(decoding: words, as: UTF8.self)
        result.endsInWord = !words.isEmpty && !afterSpace
        return result
    }

    /// Adds `item` as a filter when it is one (`key:value` with a known key and a usable value).
    private static func applyFilter(_ item: String, to result: inout ParsedQuery) -> Bool {
        guard let colon = item.firstIndex(of: ":") else { return false }
        let key = item[..<colon].lowercased()
        var value = String(item[item.index(after: colon)...])
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        let folded = Tokenizer.fold(Substring(value.trimmingCharacters(in: .whitespaces)))
        guard !folded.isEmpty else { return false }
        switch key {
        case "type", "kind":
            if let kind = ArticleKind(typeName: folded) {
                result.kinds.append(kind)
            } else if let kind = closestKind(to: folded) {
                result.kinds.append(kind)
                result.correctedFilters.append(FilterCorrection(typed: item, meant: "type:" + kind.rawValue))
            } else {
                return false
            }
        case "tag", "tags":
            result.tags.append(folded)
            result.tagKeys.append(filterKey(folded))
        case "product", "products":
            result.products.append(folded)
            result.productKeys.append(filterKey(folded))
        default:
            return false
        }
        return true
    }

    /// A tag or product name as filters compare it: its words folded and joined, so that whatever
    /// joins them does not count (`vantage-12`, `vantage 12` and `Vantage_12` are `vantage12`), as
    /// compounds are one in text.
    static func filterKey(_ name: String) -> String {
        Tokenizer.words(name).joined()
    }

    /// The type whose name, singular or plural, is within the typo allowance of `name` (one edit for
    /// 5 to 8 letters, two from 9; none below), when no other type is as close.
    static func closestKind(to name: String) -> ArticleKind? {
        let allowed = EditDistance.allowedEdits(name.count)
        guard allowed > 0 else { return nil }
        let typed = Array(name)
        var best: ArticleKind?
        var bestDistance = allowed + 1
        var isTied = false
        for kind in ArticleKind.allCases {
            let distance =
                Set([kind.rawValue, kind.plural.lowercased()])
                .map { EditDistance.distance(typed, Array($0), limit: allowed) }.min() ?? allowed + 1
            if distance < bestDistance {
                best = kind
                bestDistance = distance
                isTied = false
            } else if distance == bestDistance, distance <= allowed {
                isTied = true
            }
        }
        return bestDistance <= allowed && !isTied ? best : nil
    }
}
