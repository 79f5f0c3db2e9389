import Embedding
import Foundation
import Search

extension SectionVectors {
    /// Loads the model in `modelDirectory` and the vectors of `index`'s sections, cached for the
    /// content folder `contentRoot` in `cacheDirectory`.
    ///
    /// - Throws: ``EmbeddingModelError`` when the model is missing or unusable; the caller then
    ///   searches by words alone.
    public static func load(
        for index: SearchIndex, contentRoot: String, modelDirectory: String, cacheDirectory: String = VectorCache.defaultDirectory(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> SectionVectors {
        let model = try EmbeddingModel(directory: modelDirectory)
        let root = URL(fileURLWithPath: contentRoot).standardizedFileURL.path
        let cache = VectorCache(directory: cacheDirectory, modelIdentity: model.identity, contentFolder: root)
        return build(for: index, model: model, cache: cache, progress: progress)
    }
}
