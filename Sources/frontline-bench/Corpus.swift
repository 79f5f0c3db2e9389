import Foundation
import KnowledgeBase
import Support

/// Words drawn from a real English word list with a Zipf distribution (rank r has weight 1/r).
struct ZipfVocabulary {
    let words: [String]
    private let cumulative: [Double]

    /// Reads `path` (one word a line), keeps plain lower-case words of 3-12 letters, shuffles them
    /// with `generator` so that frequency does not follow the alphabet, and keeps `size` of them.
    init(path: String, size: Int, generator: inout SeededGenerator) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var words = text.split(separator: "\n").map(String.init).filter { word in
            (3...12).contains(word.count) && word.unicodeScalars.allSatisfy { $0 >= "a" && $0 <= "z" }
        }
        words.shuffle(using: &generator)
        self.words = Array(words.prefix(size))
        var total = 0.0
        cumulative = self.words.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    /// A word by Zipf rank, skipping the `skip` most frequent ones.
    func word(using generator: inout SeededGenerator, skip: Int = 0) -> String {
        let low = skip < cumulative.count ? (skip == 0 ? 0 : cumulative[skip - 1]) : 0
        let target = low + Double.random(in: 0..<1, using: &generator) * (cumulative[cumulative.count - 1] - low)
        var lower = 0
        var upper = cumulative.count - 1
        while lower < upper {
            let middle = (lower + upper) / 2
            if cumulative[middle] < target { lower = middle + 1 } else { upper = middle }
        }
        return words[lower]
    }

    func words(_ count: Int, using generator: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in word(using: &generator) }
    }
}

/// Writes a synthetic knowledge base and a query list.
enum CorpusWriter {
    static let kinds = [("policies", "policy"), ("products", "product"), ("faq", "faq"), ("scripts", "script")]

    /// Writes `count` articles of 150-500 words (front matter, a title, 2-5 headed sections) under `folder`.
    static func writeCorpus(count: Int, vocabulary: ZipfVocabulary, to folder: URL, generator: inout SeededGenerator) throws {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        for (name, _) in kinds { try manager.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true) }
        for index in 0..<count {
            let (folderName, kind) = kinds[index % kinds.count]
            let title = vocabulary.words(Int.random(in: 2...5, using: &generator), using: &generator).joined(separator: " ")
                .capitalizedFirst
            let tags = vocabulary.words(Int.random(in: 2...4, using: &generator), using: &generator)
            let summary = sentence(Int.random(in: 8...16, using: &generator), vocabulary, &generator)
            var text = """
                ---
                id: article-\(index)
                title: \(title)
                type: \(kind)
                tags: [\(tags.joined(separator: ", "))]
                summary: \(summary)
                updated: 2026-08-\(10 + index % 18)
                reviewed: 2026-09-\(10 + index % 18)
                owner: Benchmark team
                ---

                # \(title)

                """
            var remaining = Int.random(in: 150...500, using: &generator)
            let sections = Int.random(in: 2...5, using: &generator)
            text += sentence(Int.random(in: 15...30, using: &generator), vocabulary, &generator) + "\n"
            for section in 0..<sections {
                let heading = vocabulary.words(Int.random(in: 2...4, using: &generator), using: &generator).joined(separator: " ")
                    .capitalizedFirst
                text += "\n## \(heading)\n\n"
                let words = section == sections - 1 ? max(20, remaining) : max(20, remaining / (sections - section))
                remaining -= words
                var written = 0
                while written < words {
                    let length = min(words - written, Int.random(in: 8...20, using: &generator))
                    text += sentence(length, vocabulary, &generator) + (Int.random(in: 0..<4, using: &generator) == 0 ? "\n\n" : " ")
                    written += length
                }
                text += "\n"
            }
            try text.write(
                to: folder.appendingPathComponent(folderName).appendingPathComponent("article-\(index).md"), atomically: false,
                encoding: .utf8)
        }
    }

    static func sentence(_ count: Int, _ vocabulary: ZipfVocabulary, _ generator: inout SeededGenerator) -> String {
        vocabulary.words(count, using: &generator).joined(separator: " ").capitalizedFirst + "."
    }

    /// Queries of 1-4 words from the content-bearing part of the vocabulary (the 50 most frequent words
    /// are left out, as agents do not search for them): about 20% with a typo, 15% ending in a prefix.
    static func queries(count: Int, vocabulary: ZipfVocabulary, generator: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in
            var words = (0..<Int.random(in: 1...4, using: &generator)).map { _ in vocabulary.word(using: &generator, skip: 50) }
            let roll = Int.random(in: 0..<100, using: &generator)
            if roll < 20, let index = words.indices.filter({ words[$0].count >= 5 }).randomElement(using: &generator) {
                words[index] = misspell(words[index], &generator)
            } else if roll < 35, let last = words.last, last.count >= 5 {
                words[words.count - 1] = String(last.prefix(Int.random(in: 3...4, using: &generator)))
            }
            return words.joined(separator: " ")
        }
    }

    /// One random edit: a substitution, deletion, insertion or transposition.
    static func misspell(_ word: String, _ generator: inout SeededGenerator) -> String {
        var letters = Array(word)
        let position = Int.random(in: 1..<(letters.count - 1), using: &generator)
        let letter = Character(Unicode.Scalar(UInt8.random(in: 97...122, using: &generator)))
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: letters[position] = letter
        case 1: letters.remove(at: position)
        case 2: letters.insert(letter, at: position)
        default: letters.swapAt(position, position + 1)
        }
        return String(letters)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
