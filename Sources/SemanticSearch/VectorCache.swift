import Foundation

/// Passage vectors kept on disk between runs, so that only articles whose text changed are read by
/// the model again.
///
/// One file per model and content folder, under `$XDG_CACHE_HOME/frontline/vectors` (else
/// `~/.cache/frontline/vectors`). An entry is keyed by the fingerprint of an article's passages. The
/// file is replaced whole through a temporary name, so a run stopped mid-write leaves the old one.
/// A file that cannot be read is ignored and rebuilt: the cache is never a reason to fail.
public struct VectorCache: Sendable {
    /// One article's vectors: each passage's section index in the article, its scale, and the
    /// passages' bytes one after another.
    struct Entry: Equatable {
        var sections: [Int32] = []
        var scales: [Float] = []
        var bytes: [Int8] = []

        mutating func append(section: Int32, _ vector: QuantizedVector) {
            sections.append(section)
            scales.append(vector.scale)
            bytes.append(contentsOf: vector.bytes)
        }
    }

    /// The cache file.
    public let path: String
    private static let magic: [UInt8] = Array("FLVECTR2".utf8)

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

    /// What a cache file holds, and the file itself, kept open.
    struct Contents {
        var entries: [UInt64: Entry] = [:]
        /// Where each entry's bytes start in `file`.
        var byteOffsets: [UInt64: Int] = [:]
        /// The file the entries were read from or written to, open, so that its rows can be read
        /// later even after another run replaces it; `nil` with no file.
        var file: RowFile?
    }

    /// The entries of the file, by fingerprint; empty when there is no file or it is unreadable,
    /// or holds vectors of another length.
    func load(dimension: Int) -> Contents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return Contents() }
        let file = RowFile(descriptor: descriptor)
        var reader = ByteReader(descriptor: descriptor)
        guard reader.array(UInt8.self, count: Self.magic.count) == Self.magic, reader.integer(UInt32.self) == UInt32(dimension),
            let count = reader.integer(UInt32.self)
        else { return Contents() }
        var contents = Contents(file: file)
        contents.entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let fingerprint = reader.integer(UInt64.self), let passages = reader.integer(UInt32.self).map(Int.init),
                let sections = reader.array(Int32.self, count: passages), let scaleBits = reader.array(UInt32.self, count: passages)
            else { return Contents() }
            let byteOffset = reader.offset
            guard let bytes = reader.array(Int8.self, count: passages * dimension) else { return Contents() }
            contents.entries[fingerprint] = Entry(sections: sections, scales: scaleBits.map(Float.init(bitPattern:)), bytes: bytes)
            contents.byteOffsets[fingerprint] = byteOffset
        }
        return contents
    }

    /// Replaces the file with `entries`, and returns what it now holds. Failing to write is not an
    /// error: the vectors are only built again next time, and the result holds no file.
    @discardableResult
    func save(_ entries: [UInt64: Entry], dimension: Int) -> Contents {
        var data = Data(Self.magic)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(UInt32(dimension))
        append(UInt32(entries.count))
        var byteOffsets: [UInt64: Int] = [:]
        for (fingerprint, entry) in entries.sorted(by: { $0.key < $1.key }) {
            append(fingerprint)
            append(UInt32(entry.sections.count))
            for section in entry.sections { append(section) }
            for scale in entry.scales { append(scale.bitPattern) }
            byteOffsets[fingerprint] = data.count
            entry.bytes.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        var contents = Contents(entries: entries)
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).part"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return contents }
        // Opened before it takes the cache's name, so that what is open is what was written.
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        if rename(temporary, path) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            if descriptor >= 0 { close(descriptor) }
            return contents
        }
        if descriptor >= 0 {
            contents.file = RowFile(descriptor: descriptor)
            contents.byteOffsets = byteOffsets
        }
        return contents
    }
}

/// An open file that vectors are read from, closed when the last reference goes.
final class RowFile: @unchecked Sendable {
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Reads `count` bytes at `offset` into `buffer`; false when the file ends first or cannot be
    /// read.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Bool {
        var done = 0
        while done < count {
            let result = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }
}

/// Reads little-endian values from an open file, a block at a time, so that reading a large cache
/// never holds the whole file in memory; `nil` past the end or when the file cannot be read.
struct ByteReader {
    let descriptor: Int32
    /// Where in the file the next value starts.
    private(set) var offset = 0
    private var buffer: [UInt8] = []
    private var position = 0
    static let blockSize = 1 << 20

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        array(T.self, count: 1)?.first
    }

    /// `count` little-endian integers, copied out at once.
    mutating func array<T: FixedWidthInteger>(_ type: T.Type, count: Int) -> [T]? {
        let size = count * MemoryLayout<T>.size
        guard count >= 0, makeAvailable(size) else { return nil }
        defer {
            position += size
            offset += size
        }
        return [T](unsafeUninitializedCapacity: count) { values, initialized in
            buffer.withUnsafeBytes { raw in
                for index in 0..<count {
                    values[index] = T(littleEndian: raw.loadUnaligned(fromByteOffset: position + index * MemoryLayout<T>.size, as: T.self))
                }
            }
            initialized = count
        }
    }

    /// Reads on until `size` bytes from `position` are in the buffer; false when the file ends first.
    private mutating func makeAvailable(_ size: Int) -> Bool {
        if buffer.count - position >= size { return true }
        buffer.removeFirst(position)
        position = 0
        while buffer.count < size {
            let wanted = max(Self.blockSize, size - buffer.count)
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: wanted))
            var got = -1
            repeat {
                got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start, wanted) }
            } while got < 0 && errno == EINTR
            buffer.removeLast(wanted - max(got, 0))
            if got <= 0 { return false }
        }
        return true
    }
}
