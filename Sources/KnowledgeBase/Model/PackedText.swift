import CIntrinsics
import CZstd
import Foundation
import Support

/// When the loader keeps knowledge articles' section text compressed in memory.
///
/// A team's knowledge base (a few thousand articles) keeps its text plain: snippets read it
/// directly. A folder of more than ``automaticThreshold`` Markdown files (about 60 MB of text at
/// 300 words an article) has its knowledge articles' section text compressed article by article
/// with Zstandard and a dictionary trained on the content, to about a third of its size; a snippet
/// then decompresses its article's text, in a few microseconds.
public enum TextPacking: Sendable, Equatable {
    /// Never compress.
    case never
    /// Always compress (for tests, and to measure the cost).
    case always
    /// Compress in folders of more than ``automaticThreshold`` Markdown files.
    case automatic

    /// The number of Markdown files above which ``automatic`` compresses: 20,000.
    public static let automaticThreshold = 20_000

    /// Whether a folder of `fileCount` Markdown files is compressed under this policy.
    func applies(toFolderOf fileCount: Int) -> Bool {
        switch self {
        case .never: false
        case .always: true
        case .automatic: fileCount > Self.automaticThreshold
        }
    }
}

/// A section's plain text, as kept: a string, or a range of its article's compressed text.
enum SectionText: Sendable {
    case plain(String)
    /// The `length` bytes from `offset` of the text in `store` (the article's sections' texts, one
    /// after another).
    case packed(PackedTextStore, offset: UInt32, length: UInt32)

    /// The text.
    var string: String {
        switch self {
        case .plain(let text): text
        case .packed(let store, let offset, let length):
            store.withText(offset: Int(offset), length: Int(length)) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, valid only during the call.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch self {
        case .plain(var text): text.withUTF8(body)
        case .packed(let store, let offset, let length): store.withText(offset: Int(offset), length: Int(length), body)
        }
    }

    /// The text's length in UTF-8 bytes.
    var utf8Count: Int {
        switch self {
        case .plain(let text): text.utf8.count
        case .packed(_, _, let length): Int(length)
        }
    }

    var isPacked: Bool {
        if case .packed = self { true } else { false }
    }

    /// Starts loading the first `limit` bytes of a plain text into the cache (see
    /// ``Swift/Array/prefetchTexts(_:limit:)``); packed text is decompressed when read, and left be.
    func prefetch(limit: Int) {
        guard case .plain(let text) = self else { return }
        _ = text.utf8.withContiguousStorageIfAvailable { bytes in
            if let start = bytes.baseAddress { frontline_prefetch_bytes(start, bytes.count, limit) }
        }
    }
}

/// A trained Zstandard dictionary, ready to compress and decompress with, and the contexts that
/// loading and queries borrow (one per thread at a time).
final class TextDictionary: @unchecked Sendable {
    /// How much content trains the dictionary: enough for a good one, little enough to train in
    /// a quarter of a second.
    static let sampleBudget = 2 << 20
    static let dictionaryCapacity = 64 << 10
    static let level: Int32 = 3

    private let compressionDictionary: OpaquePointer?
    private let decompressionDictionary: OpaquePointer?
    private let compressors = ReusePool<Compressor>()
    private let decompressors = ReusePool<Decompressor>()

    /// A dictionary trained on `samples`; without one (too little or too uniform text to train
    /// on), frames are compressed on their own.
    init(samples: [String]) {
        var joined: [UInt8] = []
        var sizes: [Int] = []
        for var sample in samples where !sample.isEmpty {
            sample.withUTF8 { joined.append(contentsOf: $0) }
            sizes.append(sample.utf8.count)
        }
        var dictionary = [UInt8](repeating: 0, count: Self.dictionaryCapacity)
        let trained =
            sizes.count < 8
            ? 0
            : dictionary.withUnsafeMutableBytes { output in
                joined.withUnsafeBytes { input in
                    ZDICT_trainFromBuffer(output.baseAddress, output.count, input.baseAddress, sizes, UInt32(sizes.count))
                }
            }
        if trained > 0, ZDICT_isError(trained) == 0 {
            compressionDictionary = dictionary.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, trained, Self.level) }
            decompressionDictionary = dictionary.withUnsafeBytes { ZSTD_createDDict($0.baseAddress, trained) }
        } else {
            compressionDictionary = nil
            decompressionDictionary = nil
        }
    }

    deinit {
        // The contexts refer to the dictionaries: they go first.
        compressors.removeAll()
        decompressors.removeAll()
        ZSTD_freeCDict(compressionDictionary)
        ZSTD_freeDDict(decompressionDictionary)
    }

    /// Whether training produced a dictionary.
    var isTrained: Bool { compressionDictionary != nil }

    /// Calls `body` with a compressor no other thread is using.
    func withCompressor<Result>(_ body: (Compressor) -> Result) -> Result {
        compressors.withResource(make: { Compressor(dictionary: self) }, body)
    }

    /// Drops the idle compressors (their contexts hold about a megabyte each) once packing is done.
    func releaseCompressors() { compressors.removeAll() }

    /// Compresses with one context; not to be shared between threads.
    final class Compressor {
        private let context: OpaquePointer?

        fileprivate init(dictionary: TextDictionary) {
            context = ZSTD_createCCtx()
            ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0)
            ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 0)
            if let cdict = dictionary.compressionDictionary {
                ZSTD_CCtx_refCDict(context, cdict)
            } else {
                ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, TextDictionary.level)
            }
        }

        deinit { ZSTD_freeCCtx(context) }

        /// Appends one frame holding `text` to `output`; returns its length, or nil when the text
        /// could not be compressed (it is then kept plain).
        func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Int? {
            let bound = ZSTD_compressBound(text.count)
            let start = output.count
            var written = 0
            output.append(contentsOf: repeatElement(0, count: bound))
            output.withUnsafeMutableBytes { buffer in
                written = ZSTD_compress2(context, buffer.baseAddress! + start, bound, text.baseAddress, text.count)
            }
            guard ZSTD_isError(written) == 0, written <= Int(UInt32.max) else {
                output.removeLast(bound)
                return nil
            }
            output.removeLast(bound - written)
            return written
        }
    }

    /// Decompresses with one context that uses the dictionary for every frame; not to be shared
    /// between threads.
    final class Decompressor {
        fileprivate let context: OpaquePointer?

        fileprivate init(dictionary: TextDictionary) {
            context = ZSTD_createDCtx()
            if let ddict = dictionary.decompressionDictionary { ZSTD_DCtx_refDDict(context, ddict) }
        }

        deinit { ZSTD_freeDCtx(context) }
    }

    /// Decompresses the frame `frame`, whose content is `size` bytes, and calls `body` with it.
    func decompress<Result>(_ frame: UnsafeRawBufferPointer, size: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        decompressors.withResource(
            make: { Decompressor(dictionary: self) },
            { decompressor in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, size)) { buffer in
                    let written = ZSTD_decompressDCtx(decompressor.context, buffer.baseAddress, size, frame.baseAddress, frame.count)
                    // The frames were written by this process; one that does not decompress is a bug, and
                    // an empty text is the safe answer.
                    let count = ZSTD_isError(written) == 0 ? written : 0
                    return body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
                }
            })
    }
}

/// The section texts of one article, one after another, as one Zstandard frame stored after the
/// header in the object's own allocation (one allocation an article, not two). One frame an
/// article rather than one a section: compressing costs about half as much per byte, and the
/// frames are 7% smaller. Immutable once made, so it can be shared between threads.
struct PackedTextStore: @unchecked Sendable {
    private let buffer: Buffer

    final class Buffer: ManagedBuffer<Header, UInt8> {}

    struct Header {
        let dictionary: TextDictionary
        /// The frame's length.
        let count: Int
        /// The length of the text in the frame.
        let textCount: Int
    }

    /// A store holding a copy of `frame`, which holds `textCount` bytes of text.
    static func make(frame: UnsafeBufferPointer<UInt8>, textCount: Int, dictionary: TextDictionary) -> PackedTextStore {
        let made = Buffer.create(minimumCapacity: frame.count) { _ in
            Header(dictionary: dictionary, count: frame.count, textCount: textCount)
        }
        made.withUnsafeMutablePointerToElements { elements in
            if let base = frame.baseAddress { elements.initialize(from: base, count: frame.count) }
        }
        // `create` called on the subclass makes an instance of it.
        return PackedTextStore(buffer: unsafeDowncast(made, to: Buffer.self))
    }

    private var header: Header { buffer.header }

    var dictionary: TextDictionary { header.dictionary }

    /// Whether `other` is this store (not merely an equal one).
    func isSame(as other: PackedTextStore) -> Bool { buffer === other.buffer }

    /// Calls `body` with the whole text, decompressed: valid only during the call.
    func withAllText<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        buffer.withUnsafeMutablePointerToElements { elements in
            header.dictionary.decompress(UnsafeRawBufferPointer(start: elements, count: header.count), size: header.textCount, body)
        }
    }

    /// Calls `body` with the `length` bytes of text from `offset`.
    func withText<Result>(offset: Int, length: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        precondition(offset >= 0 && length >= 0 && offset + length <= header.textCount, "a section's text lies inside its article's")
        return withAllText { text in body(Self.range(offset: offset, length: length, of: text)) }
    }

    /// The `length` bytes from `offset` of `text` (what ``withAllText(_:)`` gave), or no bytes if
    /// the text came back shorter: a frame that does not decompress is a bug, and an empty text is
    /// the safe answer.
    static func range(offset: Int, length: Int, of text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard offset >= 0, length >= 0, offset + length <= text.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: text[offset..<(offset + length)])
    }
}

/// Compresses the section text of knowledge articles (see ``TextPacking``), one article at a time
/// as it is loaded, so that its plain text is freed at once and never fragments the heap.
struct SectionTextPacker: Sendable {
    let dictionary: TextDictionary

    /// A packer whose dictionary is trained on `samples` (section texts).
    init(samples: [String]) {
        dictionary = TextDictionary(samples: samples)
    }

    /// Compresses the texts of every section of `article`, a knowledge article, into one store.
    func pack(_ article: inout Article) {
        guard article.kind.isKnowledge, !article.sections.isEmpty else { return }
        var text: [UInt8] = []
        var ranges: [(section: Int, offset: UInt32, length: UInt32)] = []
        for (index, section) in article.sections.enumerated() {
            guard case .plain(var plain) = section.storedText, !plain.isEmpty else { continue }
            let offset = text.count
            plain.withUTF8 { text.append(contentsOf: $0) }
            ranges.append((index, UInt32(truncatingIfNeeded: offset), UInt32(truncatingIfNeeded: text.count - offset)))
        }
        guard !ranges.isEmpty, text.count <= Int(UInt32.max) else { return }
        var frame: [UInt8] = []
        let compressed = dictionary.withCompressor { compressor in text.withUnsafeBufferPointer { compressor.append($0, to: &frame) } }
        guard compressed != nil else { return }
        let store = frame.withUnsafeBufferPointer { PackedTextStore.make(frame: $0, textCount: text.count, dictionary: dictionary) }
        for range in ranges {
            article.sections[range.section].storedText = .packed(store, offset: range.offset, length: range.length)
        }
    }

    /// Section texts of `articles` up to ``TextDictionary/sampleBudget`` bytes, for training.
    static func samples(_ articles: [Article]) -> [String] {
        var samples: [String] = []
        var budget = TextDictionary.sampleBudget
        for article in articles where article.kind.isKnowledge {
            for section in article.sections where budget > 0 && section.textUTF8Count > 0 {
                samples.append(section.text)
                budget -= section.textUTF8Count
            }
        }
        return samples
    }
}
