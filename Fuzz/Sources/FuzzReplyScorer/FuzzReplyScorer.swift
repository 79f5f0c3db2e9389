import FuzzSupport
import KnowledgeBase
import Training

private let library = ScenarioLibrary(knowledgeBase: shippedKnowledgeBase)

/// Feeds arbitrary bytes to a role-play session as the trainee's replies: the first byte picks the
/// scenario, each line of the rest is one reply. Scoring must finish and stay within its bounds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplyScorer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0, !library.scenarios.isEmpty else { return 0 }
    let scenario = library.scenarios[Int(data[0]) % library.scenarios.count]
    let replies = fuzzText(data + 1, size - 1).split(separator: "\n", omittingEmptySubsequences: false)
    var session = library.session(for: scenario, mode: data[0] & 0x80 == 0 ? .practice : .certification)
    for reply in replies where !session.isFinished {
        session.submit(String(reply))
    }
    let attempt = session.debrief()
    precondition((0...100).contains(attempt.overall), "overall score \(attempt.overall) out of range")
    for (competency, score) in attempt.competencies {
        precondition((0...100).contains(score), "\(competency) score \(score) out of range")
    }
    return 0
}

@_cdecl("FuzzReplyScorer_main")
public func fuzzReplyScorerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = library  // built before fuzzing starts, so its one-time cost is not charged to the first input
    return runFuzzer(argc: argc, argv: argv, fuzzReplyScorer)
}
