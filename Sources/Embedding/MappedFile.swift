import Foundation

/// A file mapped read-only into memory, unmapped when the last reference goes.
///
/// The model's weights are read in place: mapping the 90 MB file costs nothing until a page is
/// touched, and pages the query never needs (most of the word-embedding table) are never read.
final class MappedFile: @unchecked Sendable {
    /// The mapped bytes; valid while `self` lives.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`.
    ///
    /// - Throws: ``EmbeddingModelError/unreadable(path:reason:)`` when it cannot be opened or mapped.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw EmbeddingModelError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw EmbeddingModelError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let size = Int(status.st_size)
        guard size > 0 else { throw EmbeddingModelError.unreadable(path: path, reason: "the file is empty") }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw EmbeddingModelError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Lets the system drop the pages read so far: they are read from the file again when touched.
    func releasePages() {
        madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count, MADV_DONTNEED)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
