/// How often a stem occurs in each field of one section, packed in 32 bits as the indexer keeps
/// them: its article's title (6 bits) and tags and summary (10 bits) in the high half, the section's
/// headings (4 bits) and body (12 bits) in the low half. Each count saturates at its field's width.
struct FieldCounts: Equatable {
    /// The packed bits.
    var bits: UInt32

    /// An article's half: its title and its tags and summary counts, saturated.
    struct ArticleHalf: Equatable {
        var bits: UInt16
        init(title: Int, meta: Int) { bits = UInt16(min(title, 63)) << 10 | UInt16(min(meta, 1023)) }
        init() { bits = 0 }
        var title: Int { Int(bits >> 10) }
        var meta: Int { Int(bits & 0x3FF) }
    }

    /// The counts of a section's stem: its article's half, and the section's own heading and body
    /// counts, saturated (zero for a stem only in the article's title or tags).
    @inline(__always)
    init(article: ArticleHalf, heading: Int = 0, body: Int = 0) {
        bits = UInt32(article.bits) << 16 | UInt32(min(heading, 15)) << 12 | UInt32(min(body, 4095))
    }

    var title: Int { Int(bits >> 26) }
    var meta: Int { Int((bits >> 16) & 0x3FF) }
    var heading: Int { Int((bits >> 12) & 0xF) }
    var body: Int { Int(bits & 0xFFF) }
}
