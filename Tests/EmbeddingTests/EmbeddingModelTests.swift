import Foundation
import Support
import Testing

@testable import Embedding

/// Token ids and vectors that an independent implementation (Hugging Face tokenizers and
/// sentence-transformers on PyTorch) gave the same texts; `scripts/reference-vectors.py` wrote them.
struct ReferenceVectors: Decodable {
    struct Fixture: Decodable {
        var text: String
        var tokens: [Int32]
        var vector: [Float]
    }
    var maximumTokens: Int
    var fixtures: [Fixture]

    static let shipped: ReferenceVectors = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference-vectors.json")
        return try! JSONDecoder().decode(ReferenceVectors.self, from: Data(contentsOf: url))
    }()
}

/// The model `scripts/setup` fetched; the suite needs it (run `scripts/setup` first).
let sharedModel: Result<EmbeddingModel, Error> = Result { try EmbeddingModel(directory: ModelLocation.directory(option: nil)) }

@Suite struct EmbeddingModelTests {
    @Test func tokenizerGivesTheReferenceTokenIDs() throws {
        let model = try sharedModel.get()
        let references = ReferenceVectors.shipped
        #expect(references.maximumTokens == model.maximumTokens)
        for fixture in references.fixtures {
            #expect(model.tokenizer.tokenIDs(fixture.text, limit: model.maximumTokens) == fixture.tokens, "\(fixture.text.prefix(60))")
        }
    }

    @Test func vectorsMatchTheReferenceToOneTenThousandth() throws {
        let model = try sharedModel.get()
        for fixture in ReferenceVectors.shipped.fixtures {
            let vector = model.vector(for: fixture.text)
            #expect(vector.count == fixture.vector.count)
            let largestDifference = zip(vector, fixture.vector).map { abs($0 - $1) }.max() ?? .infinity
            #expect(largestDifference <= 1e-4, "\(fixture.text.prefix(60)): differs by \(largestDifference)")
        }
    }

    @Test func theSameTextGivesTheSameVectorEveryTimeAndOnEveryThread() async throws {
        let model = try sharedModel.get()
        let text = "The technician never showed up, and I took the day off work!"
        let first = model.vector(for: text)
        let others = await withTaskGroup(of: [Float].self) { group in
            for _ in 0..<4 { group.addTask { model.vector(for: text) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for other in others { #expect(other == first) }
    }

    @Test(arguments: [
        ("encoder.layer.0.intermediate.dense", 384, 1536), ("encoder.layer.5.output.dense", 1536, 384),
        ("encoder.layer.3.attention.self.query", 384, 384),
    ])
    func theQuerysPanelsGiveWhatBLASGives(layer: String, inputs: Int, outputs: Int) throws {
        let tensors = try SafeTensors(path: ModelLocation.directory(option: nil) + "/model.safetensors")
        let dense = try Dense(tensors, layer, inputs: inputs, outputs: outputs)
        let blas = try BLAS.shared.get()
        // Seeded, so that a failure can be repeated.
        var generator = SeededGenerator(seed: UInt64(inputs * outputs))
        for rows in [1, 3, 4, 5, 10, 31, 40] {
            let input = (0..<(rows * inputs)).map { _ in Float.random(in: -2...2, using: &generator) }
            var onPanels = [Float](repeating: .nan, count: rows * outputs)
            var withBLAS = [Float](repeating: .nan, count: rows * outputs)
            dense.applyOnPanels(input, rows: rows, into: &onPanels)
            dense.applyWithBLAS(input, rows: rows, into: &withBLAS, blas: blas)
            let worst = zip(onPanels, withBLAS).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .nan
            // The two add the same products in another order: they differ in the last bits only.
            #expect(worst < 1e-4, "\(layer), \(rows) rows: \(worst)")
        }
    }

    @Test func vectorsHaveUnitLengthAndRankParaphrasesAboveUnrelatedText() throws {
        let model = try sharedModel.get()
        let query = model.vector(for: "I want my money back")
        let refund = model.vector(for: "How to issue a refund to the customer's card")
        let roaming = model.vector(for: "Setting up international roaming before travelling")
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(abs(dot(query, query) - 1) < 1e-5)
        #expect(dot(query, refund) > dot(query, roaming) + 0.1)
    }

    @Test func aMissingFolderSaysHowToFetchTheModel() {
        #expect(throws: EmbeddingModelError.notFound(directory: "/nonexistent/model")) {
            try EmbeddingModel(directory: "/nonexistent/model")
        }
        let message = EmbeddingModelError.notFound(directory: "/nonexistent/model").description
        #expect(message.contains("scripts/setup") && message.contains("FRONTLINE_MODEL"))
    }

    @Test func aTruncatedWeightsFileIsAnErrorNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-model-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = ModelLocation.directory(option: nil)
        for file in ["config.json", "tokenizer.json"] {
            try FileManager.default.copyItem(atPath: source + "/" + file, toPath: folder + "/" + file)
        }
        let weights = try Data(contentsOf: URL(fileURLWithPath: source + "/model.safetensors")).prefix(4096)
        try weights.write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
        #expect {
            try EmbeddingModel(directory: folder)
        } throws: { error in
            guard case .malformed(let path, _) = error as? EmbeddingModelError else { return false }
            return path.hasSuffix("model.safetensors")
        }
    }

    @Test func theModelLocationFollowsOptionThenEnvironmentThenDataFolder() {
        #expect(ModelLocation.directory(option: "/a", environment: ["FRONTLINE_MODEL": "/b"]) == "/a")
        #expect(ModelLocation.directory(option: nil, environment: ["FRONTLINE_MODEL": "/b"]) == "/b")
        #expect(
            ModelLocation.directory(option: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/x"])
                == "/data/frontline/models/all-MiniLM-L6-v2")
        #expect(
            ModelLocation.directory(option: nil, environment: ["HOME": "/home/x"])
                == "/home/x/.local/share/frontline/models/all-MiniLM-L6-v2")
    }
}

@Suite struct VocabularyReaderTests {
    @Test func readsTheSameVocabularyAsAJSONDecoder() throws {
        let path = ModelLocation.directory(option: nil) + "/tokenizer.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        struct File: Decodable {
            struct Model: Decodable { var vocab: [String: Int32] }
            var model: Model
        }
        let decoded = try JSONDecoder().decode(File.self, from: data).model.vocab
        #expect(VocabularyReader.vocabulary(in: data) == decoded)
        #expect(decoded.count == 30522)
    }

    @Test func escapesAndSurrogatePairsAreDecoded() {
        let json = #"{"model": {"vocab" : {"a\"b": 1, "\\": 2, "\u00e9": 3, "\ud83d\ude00": 4, "x": 5}}}"#
        #expect(VocabularyReader.vocabulary(in: Data(json.utf8)) == ["a\"b": 1, "\\": 2, "é": 3, "😀": 4, "x": 5])
    }

    @Test func aBrokenVocabularyIsNil() {
        #expect(VocabularyReader.vocabulary(in: Data(#"{"vocab": {"a": 1, "b" 2}}"#.utf8)) == nil)
        #expect(VocabularyReader.vocabulary(in: Data(#"{"model": {}}"#.utf8)) == nil)
        #expect(VocabularyReader.vocabulary(in: Data(#"{"vocab": {"a": 1"#.utf8)) == nil)
    }
}
