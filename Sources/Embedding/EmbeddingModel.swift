import Foundation

/// A sentence-embedding model running on this machine: text in, a unit-length vector out, whose
/// dot product with another is their cosine similarity.
///
/// The model is all-MiniLM-L6-v2 (or any BERT encoder of the same layout): a WordPiece tokenizer,
/// six transformer layers and mean pooling. Nothing leaves the machine, and the same text always
/// gives the same vector.
public final class EmbeddingModel: Sendable {
    /// The files a model folder holds.
    public static let requiredFiles = ["config.json", "tokenizer.json", "model.safetensors"]

    /// The length of every vector.
    public var dimension: Int { encoder.configuration.hiddenSize }
    /// Identifies the model's weights and vocabulary, so that vectors made by another model are
    /// never mixed with this one's.
    public let identity: String
    /// The folder the model was read from.
    public let directory: String
    /// The tokenizer the model reads text with.
    public let tokenizer: WordPieceTokenizer
    private let encoder: BertEncoder

    /// The most tokens one text is read as, `[CLS]` and `[SEP]` included; the rest is cut.
    public let maximumTokens = 256

    /// Loads the model in `directory`.
    ///
    /// The weights are mapped, not read: loading takes milliseconds, and the pages a text needs
    /// are read when it is first embedded.
    ///
    /// - Throws: ``EmbeddingModelError`` when the folder or one of ``requiredFiles`` is missing or
    ///   unusable.
    public init(directory: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw EmbeddingModelError.notFound(directory: directory)
        }
        for file in Self.requiredFiles where !FileManager.default.fileExists(atPath: directory + "/" + file) {
            throw EmbeddingModelError.unreadable(path: directory + "/" + file, reason: "the file is missing")
        }
        let configuration = try BertConfiguration(path: directory + "/config.json")
        self.directory = directory
        tokenizer = try WordPieceTokenizer(path: directory + "/tokenizer.json")
        encoder = try BertEncoder(configuration: configuration, weightsPath: directory + "/model.safetensors")
        identity = try Self.identity(of: directory)
    }

    /// The vector of `text`: its first ``maximumTokens`` tokens, mean-pooled and of unit length.
    ///
    /// Safe to call from several threads at once.
    ///
    /// - Complexity: O(n²) in the n tokens for attention, O(n) for the rest; about 2 ms for a
    ///   ten-word query on one core.
    public func vector(for text: String) -> [Float] {
        encoder.embed(tokenizer.tokenIDs(text, limit: maximumTokens))
    }

    /// The vector of an already tokenized text (``WordPieceTokenizer/tokenIDs(_:limit:)``).
    public func vector(forTokens tokens: [Int32]) -> [Float] {
        encoder.embed(Array(tokens.prefix(maximumTokens)))
    }

    /// A short fingerprint of the model's files: their sizes and a hash of the configuration,
    /// vocabulary and the first and last megabyte of the weights.
    private static func identity(of directory: String) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        for file in requiredFiles {
            let path = directory + "/" + file
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw EmbeddingModelError.unreadable(path: path, reason: "it cannot be opened")
            }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()) ?? 0
            mix(String(size).utf8)
            let sample = 1 << 20
            try? handle.seek(toOffset: 0)
            mix(handle.readData(ofLength: sample))
            if size > UInt64(sample) {
                try? handle.seek(toOffset: size - UInt64(sample))
                mix(handle.readData(ofLength: sample))
            }
        }
        return String(hash, radix: 16)
    }
}
