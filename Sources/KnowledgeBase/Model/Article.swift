import CIntrinsics
import Foundation
import Support

/// One Markdown file of the knowledge base, parsed: its metadata, sections, links and marked facts.
public struct Article: Sendable, Identifiable {
    /// Stable identifier: front matter `id`, else derived from the path.
    public var id: String
    public var title: String
    public var kind: ArticleKind
    public var tags: [String]
    /// Ids (or names) of the products the article applies to.
    public var products: [String]
    public var summary: String?
    public var updated: ContentDate?
    public var reviewed: ContentDate?
    /// Days between reviews.
    public var reviewEvery: Int
    public var owner: String?
    /// Queries for which a trainer pinned this article first.
    public var promote: [String]
    /// The file's path relative to the content folder, with `/` separators.
    public var path: String
    /// The Markdown body without front matter.
    ///
    /// A knowledge article loaded from a content folder keeps its Markdown in its file, and this
    /// reads the file again: what is shown is what is there now. When the file has gone, the body is
    /// put together from the loaded sections.
    public var body: String {
        get { storedBody.body(sections: sections, path: path) }
        set { storedBody.setBody(newValue, path: path) }
    }
    /// A hash of the body as loaded: equal bodies have equal fingerprints, and a reload compares them
    /// to tell which articles changed.
    public var bodyFingerprint: UInt64 { storedBody.fingerprint }

    /// The fingerprint a body of `text` has: compare it with ``bodyFingerprint`` to tell whether the
    /// file has changed since it was loaded.
    public static func bodyFingerprint(of text: String) -> UInt64 { ArticleBody.fingerprint(text) }
    /// Where ``body`` and ``frontMatter`` are kept.
    var storedBody: ArticleBody
    /// The file line on which ``body`` starts (1-based).
    public var bodyStartLine: Int
    /// The parsed front matter, every field including the unknown ones (read again from the file,
    /// like ``body``, for a loaded knowledge article).
    public var frontMatter: FrontMatter {
        get { storedBody.frontMatter(path: path) }
        set { storedBody.setFrontMatter(newValue, sections: sections, path: path) }
    }
    /// The article split at its headings; the first section holds any text before the first heading.
    public var sections: [Section]
    /// Every link found in the body.
    public var links: [ArticleLink]
    /// Facts a trainer marked with `{{...}}`, the source of fill-in-the-blank questions.
    public var facts: [MarkedFact]

    /// The default review interval when front matter gives none.
    public static let defaultReviewInterval = 180

    /// The date the article was last confirmed right: `reviewed`, else `updated`.
    public var lastReviewed: ContentDate? { reviewed ?? updated }

    /// Days past its review date on `today`, or `nil` when the article is not stale (or has no dates).
    public func daysOverdue(on today: ContentDate) -> Int? {
        guard let last = lastReviewed else { return nil }
        let overdue = today.days(since: last) - reviewEvery
        return overdue > 0 ? overdue : nil
    }

    /// Whether the article is past its review date on `today`.
    public func isStale(on today: ContentDate) -> Bool { daysOverdue(on: today) != nil }

    /// The ids of other articles this one links to with `kb:` links.
    public var linkedIDs: [String] { links.compactMap(\.articleID) }
}

/// Where an article's Markdown body and front matter are kept: in memory, or in its file.
///
/// A knowledge base of 100,000 articles would hold 350 MB of Markdown that only `show` reads, one
/// article at a time; knowledge articles leave it in their files. Scenarios, quizzes and synonym
/// lists, which training and search read whole, stay in memory.
struct ArticleBody: Sendable {
    private enum Storage: Sendable {
        case memory(body: String, frontMatter: FrontMatter)
        /// In the file at the article's path under `folder` (a string every article of the folder
        /// shares, so that no article stores its full path).
        case file(folder: String)
        case fileAt(fullPath: String)
    }

    private var storage: Storage
    /// A hash of the body as loaded.
    private(set) var fingerprint: UInt64

    /// The body and front matter split from a file: left in the file at `fullPath` for a knowledge
    /// article, kept in memory otherwise (or when there is no file). `folder`, when `fullPath` is
    /// the article's `path` under it, is kept instead of `fullPath`.
    init(_ split: FrontMatterParser.Result, kind: ArticleKind, fullPath: String?, folder: String? = nil, path: String = "") {
        if let fullPath, kind.isKnowledge {
            if let folder, Self.join(folder, path) == fullPath {
                storage = .file(folder: folder)
            } else {
                storage = .fileAt(fullPath: fullPath)
            }
        } else {
            storage = .memory(body: split.body, frontMatter: split.frontMatter)
        }
        fingerprint = Self.fingerprint(split.body)
    }

    /// `path` under `folder`, joined as the loader's walk joins them.
    static func join(_ folder: String, _ path: String) -> String {
        folder.hasSuffix("/") ? folder + path : folder + "/" + path
    }

    /// The file the body is kept in, for an article at `path`.
    private func fullPath(path: String) -> String? {
        switch storage {
        case .memory: nil
        case .file(let folder): Self.join(folder, path)
        case .fileAt(let fullPath): fullPath
        }
    }

    /// The body: from memory, else from the file as it is now, else rebuilt from `sections`.
    func body(sections: [Section], path: String) -> String {
        switch storage {
        case .memory(let body, _):
            return body
        case .file, .fileAt:
            if let file = fullPath(path: path).flatMap(ContentLoader.readMarkdown) { return FrontMatterParser.body(of: file) }
            return sections.map { section in
                let heading = section.heading.map { String(repeating: "#", count: max(1, section.level)) + " " + $0 + "\n\n" } ?? ""
                return heading + section.text + "\n"
            }.joined(separator: "\n")
        }
    }

    /// The front matter: from memory, else from the file as it is now (empty when it is gone).
    func frontMatter(path: String) -> FrontMatter {
        switch storage {
        case .memory(_, let frontMatter): frontMatter
        case .file, .fileAt:
            fullPath(path: path).flatMap(ContentLoader.readMarkdown).map { FrontMatterParser.parse($0, path: path).frontMatter } ?? .empty
        }
    }

    /// Keeps `body` in memory from now on.
    mutating func setBody(_ body: String, path: String) {
        storage = .memory(body: body, frontMatter: frontMatter(path: path))
        fingerprint = Self.fingerprint(body)
    }

    /// Keeps `frontMatter` in memory from now on.
    mutating func setFrontMatter(_ frontMatter: FrontMatter, sections: [Section], path: String) {
        storage = .memory(body: body(sections: sections, path: path), frontMatter: frontMatter)
    }

    static func fingerprint(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { ByteHashing.hash($0) }
    }
}

/// A part of an article under one heading.
///
/// Kept small, as a large knowledge base holds millions: the heading path is stored as the
/// headings above this one, an array that sibling sections share, and numbers in their smallest
/// sizes.
public struct Section: Sendable, Hashable {
    // Stored largest first, so that the small fields pack into the tail: 56 bytes a section.
    /// The heading text, or `nil` for text before the first heading.
    public var heading: String?
    /// The headings above this one, from the top of the article.
    private var ancestors: [String]
    /// Where ``text`` is kept.
    var storedText: SectionText
    /// The file line of the heading (or first line of the section).
    @Narrow<Int32> public var startLine: Int
    /// The last file line of the section.
    @Narrow<Int32> public var endLine: Int
    /// The heading level (1-6), or 0 for text before the first heading.
    @Narrow<UInt8> public var level: Int
    /// Whether ``headingPath`` ends with ``heading`` (it does unless set otherwise).
    private var pathEndsWithHeading: Bool

    /// The headings from the top of the article down to this one.
    public var headingPath: [String] {
        get {
            guard pathEndsWithHeading, let heading else { return ancestors }
            return ancestors + [heading]
        }
        set {
            pathEndsWithHeading = heading != nil && newValue.last == heading
            ancestors = pathEndsWithHeading ? Array(newValue.dropLast()) : newValue
        }
    }

    /// The section's plain text (no Markdown syntax, facts unmarked), for the index and snippets.
    ///
    /// A very large knowledge base keeps it compressed (see ``TextPacking``), and reading it
    /// decompresses it; ``withTextUTF8(_:)`` reads it without making a string.
    public var text: String {
        get { storedText.string }
        set { storedText = .plain(newValue) }
    }

    public init(heading: String?, level: Int, headingPath: [String], text: String, startLine: Int, endLine: Int) {
        self.init(heading: heading, level: level, ancestors: [], text: text, startLine: startLine, endLine: endLine)
        self.headingPath = headingPath
    }

    /// A section whose heading path is `ancestors` and then `heading`; `ancestors` is kept as
    /// given, so that sections under the same headings share one array.
    init(heading: String?, level: Int, ancestors: [String], text: String = "", startLine: Int, endLine: Int) {
        self.heading = heading
        self.level = level
        self.startLine = startLine
        self.endLine = endLine
        self.ancestors = ancestors
        pathEndsWithHeading = heading != nil
        storedText = .plain(text)
    }

    /// Calls `body` with the UTF-8 bytes of ``text``, valid only during the call.
    public func withTextUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result { storedText.withUTF8(body) }

    /// The length of ``text`` in UTF-8 bytes.
    public var textUTF8Count: Int { storedText.utf8Count }

    /// Whether ``text`` is kept compressed.
    public var isTextPacked: Bool { storedText.isPacked }

    public static func == (lhs: Section, rhs: Section) -> Bool {
        lhs.heading == rhs.heading && lhs.level == rhs.level && lhs.headingPath == rhs.headingPath && lhs.startLine == rhs.startLine
            && lhs.endLine == rhs.endLine && lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(heading)
        hasher.combine(level)
        hasher.combine(headingPath)
        hasher.combine(text)
        hasher.combine(startLine)
        hasher.combine(endLine)
    }
}

/// A link in an article body.
public struct ArticleLink: Sendable, Hashable {
    /// The destination as written.
    public var destination: String
    /// The link text.
    public var text: String
    /// The file line of the link.
    public var line: Int

    /// The article id for `kb:ID` links, else `nil`.
    public var articleID: String? {
        guard destination.hasPrefix("kb:") else { return nil }
        let id = destination.dropFirst(3).split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
        return id
    }

    /// The relative file path for links to other Markdown files (`../policies/refunds.md#x`), else `nil`.
    public var relativeMarkdownPath: String? {
        if destination.contains(":") || destination.hasPrefix("/") || destination.hasPrefix("#") { return nil }
        let path = destination.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
        let lower = path.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { return nil }
        return path.removingPercentEncoding ?? path
    }
}

/// A fact a trainer marked in an article with `{{answer}}`.
public struct MarkedFact: Sendable, Hashable {
    /// The marked text: the answer of a fill-in-the-blank question.
    public var answer: String
    /// The sentence that holds the fact, with the answer replaced by `_____`.
    public var prompt: String
    /// The heading of the section the fact is in.
    public var section: String?
    /// The file line of the fact.
    public var line: Int
}

/// A calendar date (no time, no zone), as written in front matter: `YYYY-MM-DD`.
///
/// Four bytes, as every article holds two.
public struct ContentDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    @Narrow<Int16> public var year: Int
    @Narrow<UInt8> public var month: Int
    @Narrow<UInt8> public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...ContentDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private enum CodingKeys: String, CodingKey {
        case year, month, day
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let year = try container.decode(Int.self, forKey: .year)
        let month = try container.decode(Int.self, forKey: .month)
        let day = try container.decode(Int.self, forKey: .day)
        guard let date = ContentDate(year: year, month: month, day: day) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "no such date: \(year)-\(month)-\(day)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(year, forKey: .year)
        try container.encode(month, forKey: .month)
        try container.encode(day, forKey: .day)
    }

    /// Parses `YYYY-MM-DD` (a time part after `T` or a space is ignored).
    public init?(parsing text: String) {
        // The common case, `YYYY-MM-DD` exactly, read from the bytes.
        let utf8 = Array(text.utf8.prefix(11))
        if utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") {
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    guard utf8[index] >= 0x30, utf8[index] <= 0x39 else { return nil }
                    value = value * 10 + Int(utf8[index] - 0x30)
                }
                return value
            }
            if let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) {
                self.init(year: year, month: month, day: day)
                return
            }
        }
        let datePart = text.trimmed.prefix { $0 != "T" && $0 != " " }
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Today's date in the local time zone, in the Gregorian calendar that front matter dates use.
    ///
    /// Read with the C library's `localtime_r`: the calendar of `Foundation` costs more than a
    /// millisecond to set up, a noticeable part of a `frontline search` run.
    public static func today(now: Date = Date()) -> ContentDate {
        var seconds = time_t(now.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil,
            let date = ContentDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
        else { return ContentDate(dayNumber: Int((now.timeIntervalSince1970 / 86_400).rounded(.down))) }
        return date
    }

    /// Days from `other` to `self` (positive when `self` is later).
    public func days(since other: ContentDate) -> Int { dayNumber - other.dayNumber }

    /// The date `days` later.
    public func adding(days: Int) -> ContentDate { ContentDate(dayNumber: dayNumber + days) }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    public static func < (lhs: ContentDate, rhs: ContentDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Days since 1970-01-01 (proleptic Gregorian), from Howard Hinnant's civil-date algorithm.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.month = month
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Article {
    /// Calls `body` with each section's index and the UTF-8 bytes of its ``Section/text``, section
    /// after section, valid only during the call. A compressed article's text is decompressed once
    /// for all its sections, where ``Section/withTextUTF8(_:)`` decompresses it for each.
    public func forEachSectionTextUTF8(_ body: (_ section: Int, _ text: UnsafeBufferPointer<UInt8>) -> Void) {
        let packed = sections.lazy.compactMap { section -> PackedTextStore? in
            if case .packed(let store, _, _) = section.storedText { store } else { nil }
        }.first
        guard let packed else {
            for index in sections.indices { sections[index].withTextUTF8 { body(index, $0) } }
            return
        }
        packed.withAllText { all in
            for index in sections.indices {
                if case .packed(let store, let offset, let length) = sections[index].storedText, store.isSame(as: packed) {
                    body(index, PackedTextStore.range(offset: Int(offset), length: Int(length), of: all))
                } else {
                    sections[index].withTextUTF8 { body(index, $0) }
                }
            }
        }
    }
}

extension Array where Element == Article {
    /// Calls `body` with the UTF-8 bytes of the text of section `section` of article `article` (as
    /// ``Section/withTextUTF8(_:)`` does), copying neither: a copy retains every string and array
    /// of the article or section, whose memory the text alone does not need.
    public func withTextUTF8<Result>(article: Int, section: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        self[article].sections[section].storedText.withUTF8(body)
    }

    /// Starts loading into the cache, for each location, the whole article, the section and the first
    /// `limit` bytes of its text, without waiting for any of it: the articles' memory is then
    /// fetched all at once, rather than one miss after another as each is read.
    public func prefetchTexts(_ locations: [(article: Int, section: Int)], limit: Int = 2048) {
        withUnsafeBufferPointer { articles in
            guard let base = articles.baseAddress else { return }
            // Every line of the article: a hit reads fields from all over it (title, path, kind,
            // dates, tags).
            for location in locations { frontline_prefetch_lines(base + location.article, MemoryLayout<Article>.size) }
            for location in locations {
                articles[location.article].sections.withUnsafeBufferPointer { sections in
                    if let first = sections.baseAddress { frontline_prefetch(first + location.section) }
                }
            }
            for location in locations {
                articles[location.article].sections[location.section].storedText.prefetch(limit: limit)
            }
        }
    }
}

extension Section {
    /// The headings of sections that only list links to other articles, lower-cased.
    public static let linkListHeadings: Set<String> = ["related", "related articles", "see also", "links", "further reading"]

    /// Whether the section is a closing list of links ("Related", "See also"): it points elsewhere
    /// and answers nothing, so search never shows it as a hit.
    public var isLinkList: Bool {
        guard let heading, heading.utf8.count <= 20 else { return false }
        return Self.linkListHeadings.contains(heading.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
