import Embedding
import Foundation
import Search

/// Why vectors were not built.
public enum SemanticSearchError: Error, CustomStringConvertible, Equatable {
    /// More passages lack vectors than the caller would wait for.
    case notYetRead(passages: Int, limit: Int)

    public var description: String {
        switch self {
        case .notYetRead(let passages, _):
            let minutes = max(1, Int((Double(passages) / SectionVectors.typicalPassagesPerSecond / 60).rounded()))
            return "\(passages) passages are not read for meaning yet (about \(minutes) min); run `frontline index` once to read them"
        }
    }
}

extension SectionVectors {
    /// About how many passages the model reads a second on two cores (BENCHMARKS.md), for estimates.
    public static let typicalPassagesPerSecond = 35.0

    /// The most passages a search (or the REPL) has the model read on the way: about a minute. A
    /// larger folder is read by `frontline index`, once.
    public static let searchEmbeddingLimit = 2_000

    /// Loads the model in `modelDirectory` and the vectors of `index`'s sections, cached for the
    /// content folder `contentRoot` in `cacheDirectory`.
    ///
    /// With `embeddingLimit`, a build that would have the model read more passages than that is not
    /// started: a search should not wait many minutes on a large knowledge base.
    ///
    /// - Throws: ``EmbeddingModelError`` when the model is missing or unusable, and
    ///   ``SemanticSearchError/notYetRead(passages:limit:)`` over the limit; the caller then searches
    ///   by words alone.
    public static func load(
        for index: SearchIndex, contentRoot: String, modelDirectory: String, cacheDirectory: String = VectorCache.defaultDirectory(),
        embeddingLimit: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> SectionVectors {
        let model = try EmbeddingModel(directory: modelDirectory)
        let root = URL(fileURLWithPath: contentRoot).standardizedFileURL.path
        let cache = VectorCache(directory: cacheDirectory, modelIdentity: model.identity, contentFolder: root)
        // Built in a closure, so that the cache's entries are freed before the memory is handed back.
        let vectors = try { () throws -> SectionVectors in
            let pending = Pending(for: index, dimension: model.dimension, cache: cache)
            if let embeddingLimit, pending.missing.count > embeddingLimit {
                throw SemanticSearchError.notYetRead(passages: pending.missing.count, limit: embeddingLimit)
            }
            return build(pending, model: model, progress: progress, embedder: model.vector(for:))
        }()
        vectors.releaseBuildMemory()
        return vectors
    }
}
