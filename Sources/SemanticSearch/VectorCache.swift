import Foundation

/// Passage vectors kept on disk between runs, so that only articles whose text changed are read by
/// the model again.
///
/// One file per model and content folder, under `$XDG_CACHE_HOME/frontline/vectors` (else
/// `~/.cache/frontline/vectors`). An entry is keyed by the fingerprint of an article's passages. The
/// file is replaced whole through a temporary name, so a run stopped mid-write leaves the old one.
/// A file that cannot be read is ignored and rebuilt: the cache is never a reason to fail.
public struct VectorCache: Sendable {
    /// One article's vectors: each passage's section index in the article, and its vector.
    struct Entry: Equatable {
        var sections: [Int32]
        var vectors: [QuantizedVector]
    }

    /// The cache file.
    public let path: String
    private static let magic: [UInt8] = Array("FLVECTR1".utf8)

    /// The cache file for `contentFolder` and the model `modelIdentity`, in `directory`.
    public init(directory: String, modelIdentity: String, contentFolder: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in contentFolder.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        path = directory + "/" + modelIdentity + "-" + String(hash, radix: 16) + ".vectors"
    }

    /// The folder cache files live in: `$XDG_CACHE_HOME/frontline/vectors`, else
    /// `~/.cache/frontline/vectors`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let folder = environment["XDG_CACHE_HOME"], folder.hasPrefix("/") { return folder + "/frontline/vectors" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/frontline/vectors"
    }

    /// The entries of the file, by fingerprint; empty when there is no file or it is unreadable,
    /// or holds vectors of another length.
    func load(dimension: Int) -> [UInt64: Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var reader = ByteReader(data: data)
        guard reader.bytes(Self.magic.count) == Self.magic, reader.integer(UInt32.self) == UInt32(dimension),
            let count = reader.integer(UInt32.self)
        else { return [:] }
        var entries: [UInt64: Entry] = [:]
        for _ in 0..<count {
            guard let fingerprint = reader.integer(UInt64.self), let passages = reader.integer(UInt32.self) else { return [:] }
            var entry = Entry(sections: [], vectors: [])
            for _ in 0..<passages {
                guard let section = reader.integer(Int32.self), let scaleBits = reader.integer(UInt32.self),
                    let bytes = reader.bytes(dimension)
                else { return [:] }
                entry.sections.append(section)
                entry.vectors.append(QuantizedVector(bytes: bytes.map { Int8(bitPattern: $0) }, scale: Float(bitPattern: scaleBits)))
            }
            entries[fingerprint] = entry
        }
        return entries
    }

    /// Replaces the file with `entries`. Failing to write is not an error: the vectors are only
    /// built again next time.
    func save(_ entries: [UInt64: Entry], dimension: Int) {
        var data = Data(Self.magic)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(UInt32(dimension))
        append(UInt32(entries.count))
        for (fingerprint, entry) in entries.sorted(by: { $0.key < $1.key }) {
            append(fingerprint)
            append(UInt32(entry.vectors.count))
            for (section, vector) in zip(entry.sections, entry.vectors) {
                append(section)
                append(vector.scale.bitPattern)
                vector.bytes.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).part"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}

/// Reads little-endian values from the front of some bytes; `nil` past the end.
struct ByteReader {
    let data: Data
    var offset = 0

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset + count <= data.count else { return nil }
        defer { offset += count }
        return Array(data[data.startIndex + offset..<data.startIndex + offset + count])
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        guard let bytes = bytes(MemoryLayout<T>.size) else { return nil }
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) })
    }
}
