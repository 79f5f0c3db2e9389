import FuzzSupport
import KnowledgeBase

/// Feeds arbitrary bytes to the article parser (front matter + Markdown), as if read from a file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContentLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (article, diagnostics) = ArticleParser.parse(fuzzText(data, size), path: "fuzz.md")
    // Touch everything a caller would use, so that lazy work runs under the fuzzer too.
    _ = article.sections.map(\.text.count)
    _ = article.facts.count + article.links.count + diagnostics.count
    _ = diagnostics.map(\.description)
    return 0
}

@_cdecl("FuzzContentLoader_main")
public func fuzzContentLoaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc: argc, argv: argv, fuzzContentLoader)
}
