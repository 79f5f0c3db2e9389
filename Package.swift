// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "frontline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "frontline", targets: ["frontline"]),
        .executable(name: "frontline-bench", targets: ["frontline-bench"]),
        // Libraries, for the fuzz targets in Fuzz/ (a separate package that builds them with libFuzzer).
        .library(name: "KnowledgeBase", targets: ["KnowledgeBase"]),
        .library(name: "Search", targets: ["Search"]),
        .library(name: "Training", targets: ["Training"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // What postgres-nio builds on: logging (silenced), NIO's TLS, and SHA-256 for SCRAM password verifiers.
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"5.0.0"),
    ],
    targets: [
        // System libraries from Debian's -dev packages.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // Zstandard, for keeping the text of a very large knowledge base compressed in memory.
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        // SQLite's C API, for the benchmark's FTS5 comparison (Linux has no SQLite3 module).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // BLAS, for the embedding model's matrix products.
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),

        // What Swift cannot say to the processor: cache prefetch hints for the memory a search is
        // about to read, and sixteen-byte comparisons that come back as bits (for snippets).
        .target(name: "CIntrinsics"),
        // Reading the terminal through readline: Ctrl-C, and waking the reading thread from another.
        // Its state lives in a C file, so that there is one copy of it.
        .target(name: "CLineInput", dependencies: ["CReadline"]),

        // Content: Markdown + front matter → articles, sections, diagnostics.
        // Helpers shared by the libraries: work on every core, a reuse pool, byte hashing, a seeded
        // random generator, handing freed memory back.
        .target(name: "Support"),
        .target(name: "KnowledgeBase", dependencies: ["Support", "CCmarkGFM", "CZstd", "CIntrinsics", "Yams"]),
        // Text analysis, the inverted index, ranking, snippets.
        .target(name: "Search", dependencies: ["Support", "KnowledgeBase", "CStemmer", "CIntrinsics"]),
        // The sentence-embedding model: WordPiece tokens, a BERT forward pass, unit vectors.
        // Optimised in debug builds too: unoptimised, the forward pass is eight times slower, and the
        // tests embed the whole shipped knowledge base.
        .target(name: "Embedding", dependencies: ["CBLAS", "CIntrinsics"], swiftSettings: [.unsafeFlags(["-O"])]),
        // Search by meaning: passage vectors of every section, cached on disk, as a scorer the
        // search index fuses with BM25F.
        .target(name: "SemanticSearch", dependencies: ["Support", "Embedding", "Search", "KnowledgeBase", "CIntrinsics"]),
        // Competencies, scenarios, the reply scorer, quizzes, the scheduler.
        .target(name: "Training", dependencies: ["KnowledgeBase", "Search"]),
        // Trainee progress in SQLite.
        .target(name: "Progress", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Training's types to and from stored progress records: quiz cards and answers, role-play
        // attempts, a trainee's history as the planner reads it.
        .target(name: "TrainingRecords", dependencies: ["Training", "Progress"]),
        // Trainee progress on a PostgreSQL server, shared by a team: roles, row-level security, the store.
        .target(
            name: "TeamProgress",
            dependencies: [
                "Progress",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The REPL, line editing, completion, terminal rendering.
        .target(
            name: "Terminal",
            dependencies: [
                "KnowledgeBase", "Search", "SemanticSearch", "Training", "TrainingRecords", "Progress", "TeamProgress", "CReadline",
                "CLineInput",
            ]),
        .executableTarget(
            name: "frontline",
            dependencies: [
                "KnowledgeBase", "Search", "Training", "TrainingRecords", "Progress", "TeamProgress", "Terminal", "Embedding",
                "SemanticSearch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "frontline-bench",
            dependencies: [
                "Support", "KnowledgeBase", "Search", "Training", "CSQLite", "Embedding", "SemanticSearch", "Progress", "TeamProgress",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("sqlite3")]),

        // What the test targets share: the repository's folders, fixture folders, temporary folders, a small quiz.
        .target(name: "TestSupport", dependencies: ["KnowledgeBase", "Training"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "TrainingRecordsTests", dependencies: ["TrainingRecords", "Training", "Progress", "TestSupport"]),
        .testTarget(name: "KnowledgeBaseTests", dependencies: ["KnowledgeBase", "Support", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SemanticSearchTests", dependencies: ["SemanticSearch", "Embedding", "Search", "KnowledgeBase", "Support", "TestSupport"]),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "Support", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "KnowledgeBase", "Support", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TrainingTests", dependencies: ["Training", "Search", "KnowledgeBase", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ProgressTests", dependencies: ["Progress", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TeamProgressTests",
            dependencies: ["TeamProgress", "Progress", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(
            name: "TerminalTests", dependencies: ["Terminal", "KnowledgeBase", "Training", "TrainingRecords", "Progress", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["frontline", "TestSupport"]),
    ]
)
