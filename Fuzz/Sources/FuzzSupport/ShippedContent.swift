import Foundation
import KnowledgeBase

/// The knowledge base the fuzz targets search and score against: `$FRONTLINE_CONTENT`, else `./content`
/// (the fuzz script runs from the repository root). Loaded once per process.
public let shippedKnowledgeBase: KnowledgeBase = {
    let root = ContentLoader.resolveRoot(option: nil)
    guard let knowledgeBase = try? ContentLoader(root: root).load(), !knowledgeBase.articles.isEmpty else {
        fatalError("fuzz targets need the shipped content: run them from the repository root")
    }
    return knowledgeBase
}()
