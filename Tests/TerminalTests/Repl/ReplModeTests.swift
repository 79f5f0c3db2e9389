import Foundation
import KnowledgeBase
import Testing

@testable import Terminal

/// A conversation that repeats what it is told until `done`.
final class EchoMode: ReplMode {
    var heard: [String] = []
    var stopped = false
    var prompt: String { "you> " }

    func handle(_ line: String, in session: ReplSession) -> Bool {
        heard.append(line)
        return line != "done"
    }

    func stop(in session: ReplSession) { stopped = true }
}

@Suite struct ReplModeTests {
    @Test func aModeReceivesLinesUntilItEnds() throws {
        let session = try ReplSessionTests.session()
        let mode = EchoMode()
        session.mode = mode
        #expect(session.prompt == "you> ")
        _ = session.handle("open refunds")
        _ = session.handle("done")
        #expect(mode.heard == ["open refunds", "done"])
        #expect(session.mode == nil)
        #expect(session.prompt == "frontline> ")
        #expect(session.output.captured.isEmpty)
    }

    @Test func slashRunsACommandInsideTheMode() throws {
        let session = try ReplSessionTests.session()
        let mode = EchoMode()
        session.mode = mode
        _ = session.handle("/open refunds")
        #expect(session.output.captured.contains("Refunds go back to the original payment method"))
        #expect(mode.heard.isEmpty)
        #expect(session.mode === mode)
    }

    @Test func slashStopLeavesTheModeEarly() throws {
        let session = try ReplSessionTests.session()
        let mode = EchoMode()
        session.mode = mode
        _ = session.handle("/stop")
        #expect(mode.stopped)
        #expect(session.mode == nil)
    }
}
