import Foundation
import KnowledgeBase

/// The repository the tests run in, and its shipped content, found from this file's place in it.
public enum Repository {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped `content/` folder.
    public static let content = root.appendingPathComponent("content")

    /// The shipped knowledge base, loaded once per test process.
    public static let knowledgeBase: KnowledgeBase = {
        do {
            return try ContentLoader(root: content).load()
        } catch {
            fatalError("cannot load the shipped content at \(content.path): \(error)")
        }
    }()
}

/// The fixture files of a test target: its `Fixtures` folder (`Tests/SearchTests/Fixtures`).
public enum FixtureFolder {
    /// The `Fixtures` folder of the test target whose file calls this.
    public static func root(file: String = #filePath) -> URL {
        var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        // Up from a subfolder (`Tests/TerminalTests/Repl/`) to the target's own folder, just under `Tests`.
        while folder.deletingLastPathComponent().lastPathComponent != "Tests", folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("Fixtures")
    }

    /// `name` in the calling test target's `Fixtures` folder.
    public static func url(_ name: String, file: String = #filePath) -> URL {
        root(file: file).appendingPathComponent(name)
    }
}

/// A fresh folder under the system's temporary directory, removed when the last reference goes (or
/// at once with ``remove()``).
public final class TemporaryFolder {
    /// The folder.
    public let url: URL

    /// Creates the folder.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// Removes the folder and everything in it now.
    public func remove() { try? FileManager.default.removeItem(at: url) }

    /// A progress database's path inside the folder.
    public var database: URL { url.appendingPathComponent("progress.sqlite") }
}
