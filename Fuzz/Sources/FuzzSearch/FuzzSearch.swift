import FuzzSupport
import KnowledgeBase
import Search

private let index = SearchIndex(knowledgeBase: shippedKnowledgeBase)

/// Feeds arbitrary bytes to the query parser and the search: every query must return, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSearch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let query = fuzzText(data, size)
    let results = index.search(query, limit: 10)
    for hit in results.hits {
        _ = hit.snippet.marked(open: "[", close: "]")
        _ = hit.section.heading
    }
    if let word = query.split(separator: " ").last {
        _ = index.suggestions(for: String(word))
        _ = index.completions(forPrefix: String(word))
    }
    return 0
}

@_cdecl("FuzzSearch_main")
public func fuzzSearchMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = index  // built before fuzzing starts, so its one-time cost is not charged to the first input
    return runFuzzer(argc: argc, argv: argv, fuzzSearch)
}
