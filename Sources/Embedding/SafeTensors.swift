import Foundation

/// The tensors of a `.safetensors` file, read in place from a mapped file.
///
/// The format is an 8-byte little-endian header length, a JSON header naming each tensor's type,
/// shape and byte range, then the raw data.
struct SafeTensors {
    /// One tensor's place in the file.
    struct Entry {
        var shape: [Int]
        var range: Range<Int>
    }

    let path: String
    let file: MappedFile
    private let entries: [String: Entry]
    private let dataStart: Int

    /// Reads the header of the file at `path`.
    init(path: String) throws {
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= 8 else { throw EmbeddingModelError.malformed(path: path, reason: "it is shorter than a header") }
        let headerLength = Int(UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)))
        guard headerLength > 0, 8 + headerLength <= bytes.count else {
            throw EmbeddingModelError.malformed(path: path, reason: "its header length \(headerLength) runs past the end")
        }
        let header = Data(bytes[8..<(8 + headerLength)])
        guard let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw EmbeddingModelError.malformed(path: path, reason: "its header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        let dataLength = bytes.count - 8 - headerLength
        for (name, value) in json where name != "__metadata__" {
            guard let fields = value as? [String: Any], let type = fields["dtype"] as? String, let shape = fields["shape"] as? [Int],
                let offsets = fields["data_offsets"] as? [Int], offsets.count == 2, 0 <= offsets[0], offsets[0] <= offsets[1],
                offsets[1] <= dataLength
            else { throw EmbeddingModelError.malformed(path: path, reason: "tensor '\(name)' has an unreadable entry") }
            guard type == "F32" else { continue }
            guard shape.reduce(1, *) * 4 == offsets[1] - offsets[0] else {
                throw EmbeddingModelError.malformed(
                    path: path, reason: "tensor '\(name)' has \(offsets[1] - offsets[0]) bytes for shape \(shape)")
            }
            entries[name] = Entry(shape: shape, range: offsets[0]..<offsets[1])
        }
        self.path = path
        self.file = file
        self.entries = entries
        self.dataStart = 8 + headerLength
    }

    /// The 32-bit float tensor `name`, which must have `shape`.
    ///
    /// The values are read in place when the data is 4-byte aligned, as the format's writers lay it
    /// out; otherwise they are copied.
    func floats(_ name: String, shape: [Int]) throws -> Tensor {
        guard let entry = entries[name] else { throw EmbeddingModelError.malformed(path: path, reason: "it has no tensor '\(name)'") }
        guard entry.shape == shape else {
            throw EmbeddingModelError.malformed(path: path, reason: "tensor '\(name)' has shape \(entry.shape), expected \(shape)")
        }
        let start = file.bytes.baseAddress! + dataStart + entry.range.lowerBound
        let count = entry.range.count / 4
        if Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 {
            return Tensor(owner: file, values: UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: count))
        }
        let copy = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        for index in 0..<count { copy[index] = (start + index * 4).loadUnaligned(as: Float.self) }
        return Tensor(owner: CopiedFloats(copy), values: UnsafeBufferPointer(copy))
    }
}

/// Read-only floats that stay valid while the tensor lives.
struct Tensor: @unchecked Sendable {
    /// Whatever keeps `values` alive: the mapped file, or a copy.
    let owner: AnyObject
    let values: UnsafeBufferPointer<Float>

    var baseAddress: UnsafePointer<Float> { values.baseAddress! }
}

/// Floats copied out of an unaligned file, freed with the last tensor that uses them.
final class CopiedFloats {
    let buffer: UnsafeMutableBufferPointer<Float>
    init(_ buffer: UnsafeMutableBufferPointer<Float>) { self.buffer = buffer }
    deinit { buffer.deallocate() }
}
