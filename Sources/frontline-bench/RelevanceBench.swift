import Foundation
import KnowledgeBase
import Search
import SemanticSearch

/// Relevance on a judged query set: how often the expected article is first, or in the first
/// three, for lexical, semantic and hybrid ranking, on the tuning half (odd lines) and the held-back
/// half (even lines) apart.
struct RelevanceMeasurement: Codable {
    struct Figures: Codable {
        var queries = 0
        var top1 = 0.0
        var top3 = 0.0
        var reciprocalRank = 0.0
    }
    /// By mode (`lexical`, `semantic`, `hybrid`), then by half (`tuning`, `held-back`, `all`).
    var figures: [String: [String: Figures]]
    /// Queries whose hybrid first result was wrong, with what came first (for reading, not tuning
    /// on the held-back half).
    var misses: [String]

    static let modes = ["lexical", "semantic", "hybrid"]
    static let halves = ["tuning", "held-back", "all"]

    /// Judged queries of a `query <TAB> expected id <TAB> other ids` file; lines starting with `#`
    /// are comments.
    static func judged(_ path: String) throws -> [(query: String, accepted: Set<String>)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { return nil }
            var accepted: Set<String> = [fields[1]]
            if fields.count > 2 { accepted.formUnion(fields[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            return (fields[0], accepted)
        }
    }

    static func run(content: String, judgedFile: String, modelDirectory: String, half: String?) throws -> RelevanceMeasurement {
        let knowledgeBase = try ContentLoader(root: URL(fileURLWithPath: content), kinds: SearchIndex.contentKinds).load()
        let index = SearchIndex.forContent(knowledgeBase)
        let meter = ProgressLine()
        let vectors = try SectionVectors.load(
            for: index, contentRoot: content, modelDirectory: modelDirectory, progress: { meter.update($0, $1) })
        let articles = index.indexedArticles
        var figures: [String: [String: Figures]] = [:]
        var misses: [String] = []
        for (number, judged) in try judged(judgedFile).enumerated() {
            let queryHalf = number % 2 == 0 ? "tuning" : "held-back"
            var rankings: [String: [String]] = [:]
            rankings["lexical"] = index.search(judged.query, limit: 10).hits.map(\.article.id)
            rankings["hybrid"] = index.search(judged.query, limit: 10, semantic: vectors).hits.map(\.article.id)
            let similarities = vectors.sectionSimilarities(to: judged.query) ?? []
            let closest = articles.indices.map { article in
                (
                    article,
                    (0..<articles[article].sections.count).map { similarities[index.sectionNumber(article: article, section: $0)] }.max()
                        ?? -1
                )
            }
            rankings["semantic"] = closest.sorted { $0.1 > $1.1 }.prefix(10).map { articles[$0.0].id }
            for mode in modes {
                let ranking = rankings[mode] ?? []
                let rank = ranking.firstIndex(where: judged.accepted.contains)
                for key in [queryHalf, "all"] {
                    var entry = figures[mode, default: [:]][key, default: Figures()]
                    entry.queries += 1
                    if rank == 0 { entry.top1 += 1 }
                    if let rank, rank < 3 { entry.top3 += 1 }
                    if let rank { entry.reciprocalRank += 1 / Double(rank + 1) }
                    figures[mode, default: [:]][key] = entry
                }
            }
            if rankings["hybrid"]?.first.map(judged.accepted.contains) != true, half == nil || half == queryHalf {
                misses.append(
                    "\(judged.query)  →  \(rankings["hybrid"]?.first ?? "nothing") (want \(judged.accepted.sorted().joined(separator: "/")))"
                )
            }
        }
        for mode in modes {
            for key in halves {
                guard var entry = figures[mode]?[key], entry.queries > 0 else { continue }
                let count = Double(entry.queries)
                entry.top1 = (entry.top1 / count * 1000).rounded() / 1000
                entry.top3 = (entry.top3 / count * 1000).rounded() / 1000
                entry.reciprocalRank = (entry.reciprocalRank / count * 1000).rounded() / 1000
                figures[mode]?[key] = entry
            }
        }
        return RelevanceMeasurement(figures: figures, misses: misses)
    }

    var text: String {
        var lines = ["mode      half        queries  top-1  top-3  MRR"]
        for mode in Self.modes {
            for half in Self.halves {
                guard let entry = figures[mode]?[half] else { continue }
                lines.append(
                    mode.padding(toLength: 10, withPad: " ", startingAt: 0) + half.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(format: "%7d  %.3f  %.3f  %.3f", entry.queries, entry.top1, entry.top3, entry.reciprocalRank))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Progress of the vectors' first build, on standard error.
final class ProgressLine: @unchecked Sendable {
    private var last = -1
    private let lock = NSLock()

    func update(_ done: Int, _ total: Int) {
        let percent = done * 100 / max(total, 1)
        lock.lock()
        defer { lock.unlock() }
        guard percent / 10 != last / 10 else { return }
        last = percent
        FileHandle.standardError.write(Data("embedding passages: \(percent)% of \(total)\n".utf8))
    }
}
