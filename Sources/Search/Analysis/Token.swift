/// One token of analysed text.
///
/// A hyphenated compound yields its parts at consecutive positions plus the joined form at the
/// position of the first part (`pre-order` → `pre`, `preorder`, `order`); an amount yields the
/// number and, at the same position, the amount with its sign (`$50` → `50`, `$50`).
public struct Token: Sendable, Hashable {
    /// The folded surface form: lower-case, diacritics removed, `can't` → `cannot`, `thirty` → `30`.
    public var text: String
    /// The Snowball English stem of ``text`` (numbers and codes unchanged).
    public var stem: String
    /// Where the token came from in the original string (for highlighting).
    public var range: Range<String.Index>
    /// The 0-based token position (for phrases and proximity); variants share their part's position.
    public var position: Int
    /// Whether the word is on the stop-word list (kept, but not ranked on its own).
    public var isStopWord: Bool

    public init(text: String, stem: String, range: Range<String.Index>, position: Int, isStopWord: Bool) {
        self.text = text
        self.stem = stem
        self.range = range
        self.position = position
        self.isStopWord = isStopWord
    }
}
