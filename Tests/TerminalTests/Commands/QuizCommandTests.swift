import Foundation
import KnowledgeBase
import Progress
import TestSupport
import Testing
import TrainingRecords

@testable import Terminal

/// `quiz` and `progress` in the REPL, recording into a temporary progress database.
@Suite struct QuizCommandTests {
    static func session(data: URL) throws -> ReplSession {
        let root = Repository.content
        let knowledgeBase = try ContentLoader(root: root).load()
        let options = ReplOptions(contentRoot: root, trainee: "sam", dataPath: data.path, historyURL: nil, environment: [:])
        return ReplSession(options: options, knowledgeBase: knowledgeBase, output: TerminalOutput(capturingWithTheme: .plain, columns: 200))
    }

    @Test func aQuizTakesThePromptAndRecordsEachAnswer() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("progress.sqlite")
        let session = try Self.session(data: data)
        _ = session.handle("quiz refunds")
        #expect(session.prompt == "answer> ")
        #expect(session.output.captured.contains("[1/"))
        _ = session.handle("")
        _ = session.handle("/stop")
        #expect(session.mode == nil)
        #expect(session.output.captured.contains("Session ended early. Score: 0/1"))
        let store = try SQLiteProgressStore(url: data, trainee: "sam")
        #expect(try store.reviewCards().count == 1)
    }

    @Test func progressShowsWhatWasRecorded() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let session = try Self.session(data: folder.url.appendingPathComponent("progress.sqlite"))
        _ = session.handle("progress")
        #expect(session.output.captured.contains("Progress of sam"))
        #expect(session.output.captured.contains("No quiz answers or role-plays yet"))
        _ = session.handle("practice upsell-data-chat")
        _ = session.handle("Sorry Sofia, what do you use data for?")
        _ = session.handle("/stop")
        _ = session.handle("progress")
        #expect(session.output.captured.contains("upsell-data-chat: best "))
    }

    @Test func unknownTopicsAndUnusableDatabasesAreErrors() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let notSQLite = folder.url.appendingPathComponent("progress.sqlite")
        try Data("not a database at all".utf8).write(to: notSQLite)
        let session = try Self.session(data: notSQLite)
        _ = session.handle("quiz no-such-topic-anywhere")
        #expect(session.output.captured.contains("error: no questions match topic 'no-such-topic-anywhere'"))
        _ = session.handle("quiz refunds")
        #expect(session.output.captured.contains("error: "))
        #expect(session.mode == nil)
        #expect(try Data(contentsOf: notSQLite) == Data("not a database at all".utf8))
    }
}
