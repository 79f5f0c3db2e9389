import CIntrinsics
import Foundation

/// The shape of a BERT encoder, from the model's `config.json`.
struct BertConfiguration: Equatable {
    var hiddenSize: Int
    var layerCount: Int
    var headCount: Int
    var intermediateSize: Int
    var maximumPositions: Int
    var vocabularySize: Int
    var layerNormEpsilon: Float

    var headSize: Int { hiddenSize / headCount }

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingModelError.unreadable(path: path, reason: "no such file, or it cannot be opened")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EmbeddingModelError.malformed(path: path, reason: "it is not a JSON object")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = json[key] as? Int, value > 0 else {
                throw EmbeddingModelError.malformed(path: path, reason: "\"\(key)\" is missing or not a positive whole number")
            }
            return value
        }
        if let activation = json["hidden_act"] as? String, activation != "gelu" {
            throw EmbeddingModelError.malformed(path: path, reason: "activation \"\(activation)\" is not supported (only \"gelu\")")
        }
        hiddenSize = try integer("hidden_size")
        layerCount = try integer("num_hidden_layers")
        headCount = try integer("num_attention_heads")
        intermediateSize = try integer("intermediate_size")
        maximumPositions = try integer("max_position_embeddings")
        vocabularySize = try integer("vocab_size")
        layerNormEpsilon = Float(json["layer_norm_eps"] as? Double ?? 1e-12)
        guard hiddenSize % headCount == 0 else {
            throw EmbeddingModelError.malformed(path: path, reason: "hidden size \(hiddenSize) is not a multiple of \(headCount) heads")
        }
    }
}

/// A dense layer: `y = x·Wᵀ + b`, with `W` stored out × in, row after row.
///
/// A query's few rows go through a copy of `W` laid out in panels of 32 outputs
/// (`frontline_dense_panels`), read once straight through; a passage's many rows go to BLAS, which
/// is faster there and reads `W` as the file holds it.
struct Dense {
    let weight: Tensor
    let bias: Tensor
    let panels: PanelWeights
    let inputs: Int
    let outputs: Int

    /// Below this many rows, the panels are faster than BLAS (BENCHMARKS.md).
    static let panelRowLimit = 32

    init(_ tensors: SafeTensors, _ prefix: String, inputs: Int, outputs: Int) throws {
        guard outputs % PanelWeights.width == 0 else {
            throw EmbeddingModelError.malformed(
                path: tensors.path, reason: "layer '\(prefix)' has \(outputs) outputs, not a multiple of \(PanelWeights.width)")
        }
        weight = try tensors.floats(prefix + ".weight", shape: [outputs, inputs])
        bias = try tensors.floats(prefix + ".bias", shape: [outputs])
        panels = PanelWeights(weight.values, inputs: inputs, outputs: outputs)
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Writes `rows` outputs into `output` (rows × outputs) from `input` (rows × inputs).
    func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, blas: BLAS) {
        if rows < Self.panelRowLimit {
            applyOnPanels(input, rows: rows, into: output)
        } else {
            applyWithBLAS(input, rows: rows, into: output, blas: blas)
        }
    }

    /// ``apply(_:rows:into:blas:)`` through the panels.
    func applyOnPanels(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        frontline_dense_panels(input, rows, inputs, panels.values.baseAddress!, outputs, bias.baseAddress, output)
    }

    /// ``apply(_:rows:into:blas:)`` through BLAS.
    func applyWithBLAS(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, blas: BLAS) {
        for row in 0..<rows { (output + row * outputs).update(from: bias.baseAddress, count: outputs) }
        blas.multiply(
            m: rows, n: outputs, k: inputs, input, lda: inputs, weight.baseAddress, ldb: inputs, transposingB: true, beta: 1, into: output,
            ldc: outputs)
    }
}

/// A weight matrix (outputs × inputs, row after row) copied into panels of ``width`` outputs: panel
/// `p` holds, for each input in turn, the weights of outputs `width·p` to `width·p + width − 1`.
final class PanelWeights: @unchecked Sendable {
    /// The outputs a panel holds.
    static let width = 32
    let values: UnsafeMutableBufferPointer<Float>

    init(_ weight: UnsafeBufferPointer<Float>, inputs: Int, outputs: Int) {
        values = .allocate(capacity: inputs * outputs)
        for output in 0..<outputs {
            let panelStart = (output / Self.width) * Self.width * inputs
            let lane = output % Self.width
            for input in 0..<inputs { values[panelStart + input * Self.width + lane] = weight[output * inputs + input] }
        }
    }

    deinit { values.deallocate() }
}

/// Layer normalisation: each row to mean 0 and variance 1, then scaled and shifted.
struct LayerNorm {
    let gamma: Tensor
    let beta: Tensor
    let epsilon: Float

    init(_ tensors: SafeTensors, _ prefix: String, size: Int, epsilon: Float) throws {
        gamma = try tensors.floats(prefix + ".weight", shape: [size])
        beta = try tensors.floats(prefix + ".bias", shape: [size])
        self.epsilon = epsilon
    }

    func apply(_ values: UnsafeMutablePointer<Float>, rows: Int) {
        let size = gamma.values.count
        for row in 0..<rows {
            let line = values + row * size
            var mean: Float = 0
            for index in 0..<size { mean += line[index] }
            mean /= Float(size)
            var variance: Float = 0
            for index in 0..<size {
                let centred = line[index] - mean
                variance += centred * centred
            }
            variance /= Float(size)
            let scale = 1 / (variance + epsilon).squareRoot()
            for index in 0..<size { line[index] = (line[index] - mean) * scale * gamma.values[index] + beta.values[index] }
        }
    }
}

/// One transformer layer: self-attention, then the feed-forward block, each with a residual and
/// layer normalisation after it.
struct EncoderLayer {
    let query: Dense
    let key: Dense
    let value: Dense
    let attentionOutput: Dense
    let attentionNorm: LayerNorm
    let intermediate: Dense
    let output: Dense
    let outputNorm: LayerNorm

    init(_ tensors: SafeTensors, index: Int, configuration: BertConfiguration) throws {
        let prefix = "encoder.layer.\(index)"
        let hidden = configuration.hiddenSize
        let epsilon = configuration.layerNormEpsilon
        query = try Dense(tensors, prefix + ".attention.self.query", inputs: hidden, outputs: hidden)
        key = try Dense(tensors, prefix + ".attention.self.key", inputs: hidden, outputs: hidden)
        value = try Dense(tensors, prefix + ".attention.self.value", inputs: hidden, outputs: hidden)
        attentionOutput = try Dense(tensors, prefix + ".attention.output.dense", inputs: hidden, outputs: hidden)
        attentionNorm = try LayerNorm(tensors, prefix + ".attention.output.LayerNorm", size: hidden, epsilon: epsilon)
        intermediate = try Dense(tensors, prefix + ".intermediate.dense", inputs: hidden, outputs: configuration.intermediateSize)
        output = try Dense(tensors, prefix + ".output.dense", inputs: configuration.intermediateSize, outputs: hidden)
        outputNorm = try LayerNorm(tensors, prefix + ".output.LayerNorm", size: hidden, epsilon: epsilon)
    }
}

/// The working memory of one forward pass, sized for `rows` tokens.
final class EncoderWorkspace {
    let rows: Int
    let hidden: UnsafeMutableBufferPointer<Float>
    let queries: UnsafeMutableBufferPointer<Float>
    let keys: UnsafeMutableBufferPointer<Float>
    let values: UnsafeMutableBufferPointer<Float>
    let context: UnsafeMutableBufferPointer<Float>
    let projected: UnsafeMutableBufferPointer<Float>
    let scores: UnsafeMutableBufferPointer<Float>
    let expanded: UnsafeMutableBufferPointer<Float>

    init(rows: Int, configuration: BertConfiguration) {
        let width = rows * configuration.hiddenSize
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        self.rows = rows
        hidden = buffer(width)
        queries = buffer(width)
        keys = buffer(width)
        values = buffer(width)
        context = buffer(width)
        projected = buffer(width)
        scores = buffer(rows * rows)
        expanded = buffer(rows * configuration.intermediateSize)
    }

    deinit {
        for buffer in [hidden, queries, keys, values, context, projected, scores, expanded] { buffer.deallocate() }
    }
}

/// A BERT encoder with mean pooling: token ids in, one unit-length vector out.
///
/// Matrix products run on BLAS (``BLAS``), one thread a pass, or for a query's few rows on the
/// dense layers' panels (``Dense``), so that a pass gives the same floats every time and several
/// passes can run side by side.
struct BertEncoder: @unchecked Sendable {
    let configuration: BertConfiguration
    private let tensors: SafeTensors
    private let wordEmbeddings: Tensor
    private let positionEmbeddings: Tensor
    private let typeEmbeddings: Tensor
    private let embeddingNorm: LayerNorm
    private let layers: [EncoderLayer]
    private let blas: BLAS

    init(configuration: BertConfiguration, weightsPath: String) throws {
        blas = try BLAS.shared.get()
        let tensors = try SafeTensors(path: weightsPath)
        let hidden = configuration.hiddenSize
        self.configuration = configuration
        self.tensors = tensors
        wordEmbeddings = try tensors.floats("embeddings.word_embeddings.weight", shape: [configuration.vocabularySize, hidden])
        positionEmbeddings = try tensors.floats("embeddings.position_embeddings.weight", shape: [configuration.maximumPositions, hidden])
        typeEmbeddings = try tensors.floats("embeddings.token_type_embeddings.weight", shape: [2, hidden])
        embeddingNorm = try LayerNorm(tensors, "embeddings.LayerNorm", size: hidden, epsilon: configuration.layerNormEpsilon)
        layers = try (0..<configuration.layerCount).map { try EncoderLayer(tensors, index: $0, configuration: configuration) }
        // Copying the panels read every weight; a search embeds only through the copies, and the
        // file's pages are read again only if passages are embedded.
        tensors.file.releasePages()
    }

    /// The mean-pooled, L2-normalised vector of a token sequence.
    func embed(_ tokens: [Int32]) -> [Float] {
        precondition(!tokens.isEmpty && tokens.count <= configuration.maximumPositions, "a sequence of 1 to the position limit of tokens")
        let workspace = EncoderWorkspace(rows: tokens.count, configuration: configuration)
        embedTokens(tokens, into: workspace.hidden.baseAddress!)
        for layer in layers { run(layer, workspace) }
        return meanPooled(workspace.hidden.baseAddress!, rows: tokens.count)
    }

    /// Word + position + segment-0 embeddings, normalised.
    private func embedTokens(_ tokens: [Int32], into hidden: UnsafeMutablePointer<Float>) {
        let size = configuration.hiddenSize
        for (position, token) in tokens.enumerated() {
            let word = wordEmbeddings.baseAddress + Int(token) * size
            let place = positionEmbeddings.baseAddress + position * size
            let row = hidden + position * size
            for index in 0..<size { row[index] = word[index] + place[index] + typeEmbeddings.values[index] }
        }
        embeddingNorm.apply(hidden, rows: tokens.count)
    }

    private func run(_ layer: EncoderLayer, _ workspace: EncoderWorkspace) {
        let rows = workspace.rows
        let size = configuration.hiddenSize
        let hidden = workspace.hidden.baseAddress!
        layer.query.apply(hidden, rows: rows, into: workspace.queries.baseAddress!, blas: blas)
        layer.key.apply(hidden, rows: rows, into: workspace.keys.baseAddress!, blas: blas)
        layer.value.apply(hidden, rows: rows, into: workspace.values.baseAddress!, blas: blas)
        attend(workspace)
        let projected = workspace.projected.baseAddress!
        layer.attentionOutput.apply(workspace.context.baseAddress!, rows: rows, into: projected, blas: blas)
        for index in 0..<(rows * size) { projected[index] += hidden[index] }
        layer.attentionNorm.apply(projected, rows: rows)
        let expanded = workspace.expanded.baseAddress!
        layer.intermediate.apply(projected, rows: rows, into: expanded, blas: blas)
        for index in 0..<(rows * configuration.intermediateSize) {
            let x = expanded[index]
            expanded[index] = 0.5 * x * (1 + erff(x * 0.70710678118654752))
        }
        layer.output.apply(expanded, rows: rows, into: hidden, blas: blas)
        for index in 0..<(rows * size) { hidden[index] += projected[index] }
        layer.outputNorm.apply(hidden, rows: rows)
    }

    /// Scaled dot-product attention, head by head, into `workspace.context`.
    private func attend(_ workspace: EncoderWorkspace) {
        let rows = workspace.rows
        let size = configuration.hiddenSize
        let headSize = configuration.headSize
        let scale = 1 / Float(headSize).squareRoot()
        let scores = workspace.scores.baseAddress!
        for head in 0..<configuration.headCount {
            let offset = head * headSize
            blas.multiply(
                m: rows, n: rows, k: headSize, alpha: scale, workspace.queries.baseAddress! + offset, lda: size,
                workspace.keys.baseAddress! + offset, ldb: size, transposingB: true, beta: 0, into: scores, ldc: rows)
            for row in 0..<rows { softmax(scores + row * rows, count: rows) }
            blas.multiply(
                m: rows, n: headSize, k: rows, scores, lda: rows, workspace.values.baseAddress! + offset, ldb: size, transposingB: false,
                beta: 0, into: workspace.context.baseAddress! + offset, ldc: size)
        }
    }

    private func softmax(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var largest = -Float.infinity
        for index in 0..<count { largest = max(largest, values[index]) }
        var sum: Float = 0
        for index in 0..<count {
            values[index] = expf(values[index] - largest)
            sum += values[index]
        }
        for index in 0..<count { values[index] /= sum }
    }

    /// The mean of the token vectors, scaled to unit length.
    private func meanPooled(_ hidden: UnsafePointer<Float>, rows: Int) -> [Float] {
        let size = configuration.hiddenSize
        var pooled = [Float](repeating: 0, count: size)
        for row in 0..<rows {
            for index in 0..<size { pooled[index] += hidden[row * size + index] }
        }
        var norm: Float = 0
        for index in 0..<size {
            pooled[index] /= Float(rows)
            norm += pooled[index] * pooled[index]
        }
        let scale = 1 / max(norm.squareRoot(), 1e-12)
        return pooled.map { $0 * scale }
    }
}
