import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is discarded.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The database path inside the folder.
    var database: URL { url.appendingPathComponent("progress.sqlite") }
}
