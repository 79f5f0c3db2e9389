// The benchmarks: frontline's search index against SQLite FTS5 on the same synthetic corpus, and
// role-play scoring over the calibration set.
import ArgumentParser
import Embedding
import Foundation
import KnowledgeBase
import Search
import Support

Bench.main()

/// `frontline-bench`: build time, memory and query latency of the search index, with FTS5 beside it.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontline-bench",
        abstract: "Benchmark frontline's search index against SQLite FTS5, or role-play scoring (build it with -c release).",
        discussion: """
            Without --corpus, generates a synthetic corpus per size (Zipf vocabulary from a word list, fixed \
            seed) and a query set, measures each size in a fresh process, and prints a table with the \
            ratios ours/FTS5. With --corpus DIR --queries FILE --json, measures one existing corpus. With \
            --scoring CONTENT, times the reply scorer on every graded reply of CONTENT/training/calibration.
            """)

    @Option(help: "Corpus sizes in articles, comma-separated.")
    var sizes = "1000,10000,100000"

    @Option(help: "The random seed of the corpus and the queries.")
    var seed: UInt64 = 20_261_123

    @Option(help: "How many queries to generate.")
    var queryCount = 200

    @Option(help: "How many times each query runs when timing.")
    var rounds = 5

    @Option(help: "The word list of the synthetic vocabulary.")
    var wordList = "/usr/share/dict/american-english"

    @Option(help: "Where to write the synthetic corpora (default: a temporary folder).")
    var workDirectory: String?

    @Option(help: "Measure this existing content folder instead of a synthetic one.")
    var corpus: String?

    @Option(help: "With --corpus: the query file, one query per line.")
    var queries: String?

    @Option(help: "Measure role-play scoring instead: every graded reply of this content folder's calibration set.")
    var scoring: String?

    @Option(help: "Measure relevance instead: lexical, semantic and hybrid top-1 and top-3 of --judged queries on this content folder.")
    var relevance: String?

    @Flag(help: "With --corpus: measure hybrid search and the embedding model instead.")
    var semantic = false

    @Option(help: "With --relevance: the judged queries (query <TAB> expected id <TAB> other ids).")
    var judged: String?

    @Option(help: "With --relevance: list the hybrid misses of only this half (tuning or held-back).")
    var misses: String?

    @Option(help: "The embedding model's folder (default: $FRONTLINE_MODEL, else where scripts/setup puts it).")
    var model: String?

    @Option(
        help: ArgumentHelp(
            "With --semantic: keep the corpus's vectors in this folder (default: a temporary one, removed after). Given as CACHE/frontline/vectors, `frontline search --content CORPUS` run with XDG_CACHE_HOME=CACHE finds them.",
            valueName: "DIR"))
    var vectorCache: String?

    @Option(
        help: ArgumentHelp(
            "Measure quiz answers per second for a team answering at once, against this PostgreSQL database (as its administrator; use a throwaway one).",
            valueName: "postgresql://ADMIN@HOST/DATABASE"))
    var teamLoad: String?

    @Option(help: "With --team-load: how many trainees answer at once.")
    var trainees = 20

    @Option(help: "With --team-load: how many answers each trainee records.")
    var answersEach = 200

    @Flag(help: "Print one JSON object (with --corpus, --scoring or --team-load).")
    var json = false

    @Flag(help: "Leave FTS5 out (for profiling frontline's index alone).")
    var withoutFts5 = false

    @Flag(help: "With --corpus: list every query with its median time (µs) on standard error, slowest first.")
    var perQuery = false

    @Option(help: "With --corpus: compress section text in memory: never, always or automatic (past 64 MiB of text).")
    var textPacking: TextPackingOption = .automatic

    func validate() throws {
        if corpus != nil, queries == nil { throw ValidationError("--corpus needs --queries FILE") }
        if parsedSizes.isEmpty { throw ValidationError("--sizes needs positive numbers, e.g. --sizes 1000,10000") }
        if rounds < 1 { throw ValidationError("--rounds must be at least 1") }
    }

    enum TextPackingOption: String, ExpressibleByArgument, CaseIterable {
        case never, always, automatic
        var policy: TextPacking {
            switch self {
            case .never: .never
            case .always: .always
            case .automatic: .automatic
            }
        }
    }

    var parsedSizes: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 } }

    func run() throws {
        if let teamLoad {
            let result = try TeamLoadMeasurement.run(adminURL: teamLoad, trainees: trainees, answersEach: answersEach)
            print(json ? Measurement.snakeCaseJSON(result) : result.text)
            return
        }
        if let relevance {
            guard let judged else { throw ValidationError("--relevance needs --judged FILE") }
            let result = try RelevanceMeasurement.run(
                content: relevance, judgedFile: judged, modelDirectory: ModelLocation.directory(option: model), half: misses)
            print(result.text)
            if misses != nil { print("\nhybrid misses:\n" + result.misses.joined(separator: "\n")) }
            return
        }
        if let scoring {
            let result = try ScoringMeasurement.run(content: scoring, rounds: rounds)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(result.text)
            }
            return
        }
        if semantic, let corpus, let queries {
            let result = try SemanticMeasurement.run(
                corpus: corpus, queriesFile: queries, rounds: rounds, modelDirectory: ModelLocation.directory(option: model),
                vectorCache: vectorCache)
            if json {
                print(Measurement.snakeCaseJSON(result))
            } else {
                print(result.text)
            }
            return
        }
        if let corpus, let queries {
            let result = try Measurement.run(
                corpus: corpus, queriesFile: queries, rounds: rounds, withFTS5: !withoutFts5, perQuery: perQuery,
                textPacking: textPacking.policy)
            if json {
                print(result.jsonText)
            } else {
                Report.printTable([result])
            }
            return
        }
        let base = URL(fileURLWithPath: workDirectory ?? NSTemporaryDirectory()).appendingPathComponent("frontline-bench-\(seed)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: seed)
        let vocabulary = try ZipfVocabulary(path: wordList, size: 50_000, generator: &generator)
        let queryList = CorpusWriter.queries(count: queryCount, vocabulary: vocabulary, generator: &generator)
        let queriesURL = base.appendingPathComponent("queries.txt")
        try (queryList.joined(separator: "\n") + "\n").write(to: queriesURL, atomically: true, encoding: .utf8)
        var results: [Measurement] = []
        for size in parsedSizes {
            let folder = base.appendingPathComponent("corpus-\(size)")
            FileHandle.standardError.write(Data("generating \(size) articles in \(folder.path)\n".utf8))
            var corpusGenerator = SeededGenerator(seed: seed &+ UInt64(size))
            try CorpusWriter.writeCorpus(count: size, vocabulary: vocabulary, to: folder, generator: &corpusGenerator)
            // The measurement reads the files the generator has just written: it should not also
            // wait on the kernel writing them out to disk.
            sync()
            FileHandle.standardError.write(Data("measuring \(size) articles\n".utf8))
            results.append(try Measurement.inFreshProcess(corpus: folder.path, queriesFile: queriesURL.path, rounds: rounds))
        }
        if json {
            print("[" + results.map(\.jsonText).joined(separator: ",\n") + "]")
        } else {
            Report.printTable(results)
            print(
                "\ncorpora and queries: \(base.path) (seed \(seed), \(queryList.count) queries × \(rounds) rounds, top 10 with snippets and typo tolerance)"
            )
        }
    }
}

/// The figures of one corpus.
struct Measurement: Codable {
    var articles: Int
    var sections: Int
    var queries: Int
    var loadSeconds: Double
    var indexSeconds: Double
    var buildSeconds: Double
    var rssMb: Double
    /// Resident memory once the articles are loaded, before the index is built.
    var loadedRssMb: Double
    var p50Us: Double
    var p99Us: Double
    var fts5BuildSeconds: Double
    var fts5P50Us: Double
    var fts5P99Us: Double

    var jsonText: String { Self.snakeCaseJSON(self) }

    /// `value` as one line of JSON, keys sorted and in snake case.
    static func snakeCaseJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    /// Loads the corpus, builds the index, times the queries, then does the same with FTS5.
    static func run(
        corpus: String, queriesFile: String, rounds: Int, withFTS5: Bool = true, perQuery: Bool = false,
        textPacking: TextPacking = .automatic
    ) throws -> Measurement {
        let queryText = try String(contentsOfFile: queriesFile, encoding: .utf8)
        let queries = queryText.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let start = now()
        let knowledgeBase = try ContentLoader(root: URL(fileURLWithPath: corpus), textPacking: textPacking).load()
        let loaded = now()
        let loadedRSS = residentMegabytes()
        let index = SearchIndex(knowledgeBase: knowledgeBase)
        let built = now()
        let rss = residentMegabytes()
        let today = ContentDate.today()
        var sink = 0
        let search = { (query: String) in sink &+= index.search(query, limit: 10, today: today).hits.count }
        let ours = time(queries, rounds: rounds, search)
        if perQuery {
            let medians = queries.map { query in (query, time([query], rounds: rounds, search).p50) }
            for (query, median) in medians.sorted(by: { $0.1 > $1.1 }) {
                FileHandle.standardError.write(Data((Report.format(median, 1) + "\t" + query + "\n").utf8))
            }
        }

        var ftsStart = 0.0
        var ftsBuilt = 0.0
        var theirs = (p50: 0.0, p99: 0.0)
        if withFTS5 {
            let fts5 = try FTS5Index()
            ftsStart = now()
            try fts5.add(knowledgeBase.articles.filter { $0.kind.isKnowledge })
            ftsBuilt = now()
            theirs = time(queries, rounds: rounds) { query in sink &+= fts5.search(query) }
        }
        if sink == -1 { print(sink) }
        return Measurement(
            articles: index.articleCount, sections: index.sectionCount, queries: queries.count, loadSeconds: loaded - start,
            indexSeconds: built - loaded, buildSeconds: built - start, rssMb: rss, loadedRssMb: loadedRSS, p50Us: ours.p50,
            p99Us: ours.p99,
            fts5BuildSeconds: ftsBuilt - ftsStart, fts5P50Us: theirs.p50, fts5P99Us: theirs.p99)
    }

    /// Runs this executable with `--corpus --queries --json`, so each size starts from a clean heap.
    static func inFreshProcess(corpus: String, queriesFile: String, rounds: Int) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--corpus", corpus, "--queries", queriesFile, "--rounds", String(rounds), "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError(description: "measuring \(corpus) failed") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Measurement.self, from: data)
    }

    /// Median and 99th percentile in microseconds, after one warm-up round.
    static func time(_ queries: [String], rounds: Int, _ body: (String) -> Void) -> (p50: Double, p99: Double) {
        for query in queries { body(query) }
        var samples: [Double] = []
        samples.reserveCapacity(queries.count * rounds)
        for _ in 0..<rounds {
            for query in queries {
                let start = now()
                body(query)
                samples.append((now() - start) * 1_000_000)
            }
        }
        samples.sort()
        guard !samples.isEmpty else { return (0, 0) }
        return (samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))])
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Resident memory from /proc/self/status, in MB.
    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// The text table.
enum Report {
    static func printTable(_ results: [Measurement]) {
        print(
            "articles  sections  build s  (load s + index s)  RSS MB   p50 µs   p99 µs | FTS5 build s  p50 µs   p99 µs | ours/FTS5 build  p50    p99"
        )
        for r in results {
            // Without FTS5 (--without-fts5) its columns and the ratios are dashes.
            let hasFTS5 = r.fts5BuildSeconds > 0
            func theirs(_ value: Double, _ decimals: Int) -> String { hasFTS5 ? format(value, decimals) : "-" }
            func ratio(_ ours: Double, _ theirs: Double, _ decimals: Int) -> String {
                hasFTS5 && theirs > 0 ? format(ours / theirs, decimals) : "-"
            }
            let columns: [String] = [
                pad(String(r.articles), 8), pad(String(r.sections), 9), pad(format(r.buildSeconds, 3), 8),
                pad("(" + format(r.loadSeconds, 3) + " + " + format(r.indexSeconds, 3) + ")", 20), pad(format(r.rssMb, 0), 7),
                pad(format(r.p50Us, 1), 8), pad(format(r.p99Us, 1), 8), "|", pad(theirs(r.fts5BuildSeconds, 3), 12),
                pad(theirs(r.fts5P50Us, 1), 7), pad(theirs(r.fts5P99Us, 1), 8), "|",
                pad(ratio(r.buildSeconds, r.fts5BuildSeconds, 2), 15), pad(ratio(r.p50Us, r.fts5P50Us, 3), 6),
                pad(ratio(r.p99Us, r.fts5P99Us, 3), 6),
            ]
            print(columns.joined(separator: " "))
        }
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
    static func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
}
