import CStemmer
import Foundation
import KnowledgeBase
import Support

/// One Snowball English stemmer from libstemmer. A stemmer keeps per-call state, so it must not be
/// used by two threads at once: take one from ``StemmerPool`` for the duration of a call.
final class SnowballStemmer {
    private let handle: OpaquePointer

    init() {
        guard let handle = sb_stemmer_new("english", "UTF_8") else {
            fatalError("libstemmer has no English stemmer; install a complete libstemmer")
        }
        self.handle = handle
    }

    deinit { sb_stemmer_delete(handle) }

    /// The Snowball stem of `word`, which must already be folded to lower case.
    func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
            guard let stemmed = sb_stemmer_stem(handle, base, Int32(bytes.count)) else { return String(decoding: bytes, as: UTF8.self) }
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: stemmed, count: length), as: UTF8.self)
        }
    }
}

/// A thread-safe supply of stemmers: each caller borrows one, so no stemmer is ever shared between
/// threads, and stemmers are reused rather than created per word.
final class StemmerPool: @unchecked Sendable {
    /// The pool used by every analyzer.
    static let shared = StemmerPool()

    private let stemmers = ReusePool<SnowballStemmer>()

    /// Runs `body` with a stemmer that no other thread uses meanwhile.
    func withStemmer<Result>(_ body: (SnowballStemmer) throws -> Result) rethrows -> Result {
        try stemmers.withResource(make: SnowballStemmer.init, body)
    }
}
