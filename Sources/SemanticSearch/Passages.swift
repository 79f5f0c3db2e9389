import KnowledgeBase

/// The texts of an article that the model reads: each section but a closing list of links cut into
/// passages of at most
/// ``wordsPerPassage`` words, each opened by the article's title and the section's headings so that
/// a passage says what it is about. A section's first passage of the article's first section also
/// carries the summary.
///
/// Passages of 50 words ranked better than 35, 65 or 90 on the judged sets' tuning halves: a
/// short passage is about one thing, as a caller's question is.
public enum Passages {
    /// The most words of section text in one passage.
    public static let wordsPerPassage = 50
    /// Changes whenever the way passages are cut changes, so that cached vectors are rebuilt.
    public static let formatVersion = 3

    /// The passages of `article`, each with the index of its section in `article.sections`.
    public static func of(_ article: Article) -> [(section: Int, text: String)] {
        var passages: [(section: Int, text: String)] = []
        for (index, section) in article.sections.enumerated() where !section.isLinkList {
            var heading = [article.title]
            for part in section.headingPath where part != article.title { heading.append(part) }
            var opening = heading.joined(separator: ": ") + "."
            if index == 0, let summary = article.summary, !summary.isEmpty { opening += " " + summary }
            let words = section.text.split(whereSeparator: \.isWhitespace)
            if words.isEmpty {
                passages.append((index, opening))
                continue
            }
            var start = 0
            while start < words.count {
                let end = min(start + wordsPerPassage, words.count)
                passages.append((index, opening + " " + words[start..<end].joined(separator: " ")))
                start = end
            }
        }
        return passages
    }

    /// A fingerprint of what an article's passages are made of (its body, title and summary, and
    /// the way passages are cut), computed without cutting them.
    static func fingerprint(_ article: Article) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(formatVersion)
        func mix(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { hash = (hash ^ (value >> UInt64(shift) & 0xFF)) &* 0x100_0000_01b3 }
        }
        mix(article.bodyFingerprint)
        for text in [article.title, article.summary ?? ""] {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            mix(0)
        }
        return hash
    }
}
