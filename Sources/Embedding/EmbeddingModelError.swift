/// Why the embedding model could not be loaded or used. Every message says what to do next.
public enum EmbeddingModelError: Error, CustomStringConvertible, Equatable {
    /// No model folder at the place looked in.
    case notFound(directory: String)
    /// A model file could not be read.
    case unreadable(path: String, reason: String)
    /// A model file was read but is not what the model needs.
    case malformed(path: String, reason: String)
    /// No BLAS library could be opened.
    case blasMissing(tried: [String])

    public var description: String {
        switch self {
        case .notFound(let directory):
            return "no embedding model in '\(directory)': run scripts/setup to fetch it, or point --model or FRONTLINE_MODEL at its folder"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason); run scripts/setup to fetch the model again"
        case .malformed(let path, let reason):
            return "'\(path)' is not a usable model file: \(reason); run scripts/setup to fetch the model again"
        case .blasMissing(let tried):
            return "cannot open OpenBLAS (tried \(tried.joined(separator: ", "))): install libopenblas-dev, or run scripts/setup"
        }
    }
}
