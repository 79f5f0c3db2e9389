// swift-tools-version: 6.0
// Coverage-guided fuzz targets (libFuzzer). Build and run them with `make fuzz`; see Fuzz/README.md.
import PackageDescription

let package = Package(
    name: "frontline-fuzz",
    dependencies: [.package(name: "frontline", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "KnowledgeBase", package: "frontline")]),
        .executableTarget(
            name: "FuzzContentLoader",
            dependencies: ["FuzzSupport", .product(name: "KnowledgeBase", package: "frontline")]),
        .executableTarget(
            name: "FuzzSearch",
            dependencies: ["FuzzSupport", .product(name: "Search", package: "frontline")]),
        .executableTarget(
            name: "FuzzReplyScorer",
            dependencies: ["FuzzSupport", .product(name: "Training", package: "frontline")]),
    ]
)
