import Foundation
import KnowledgeBase

/// The fixture folders beside these tests, and the shipped content folder of the repository.
enum FixtureFolder {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// The repository's `content/` folder.
    static let shippedContent = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content")

    /// The shipped knowledge base, loaded once per test process.
    static let shipped: KnowledgeBase = {
        do {
            return try ContentLoader(root: shippedContent).load()
        } catch {
            fatalError("cannot load the shipped content: \(error)")
        }
    }()
}
