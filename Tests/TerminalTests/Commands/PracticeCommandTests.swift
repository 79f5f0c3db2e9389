import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Terminal

/// `practice` over the shipped scenarios (the repository's content folder).
@Suite struct PracticeCommandTests {

    @Test func withoutAnIdItListsTheScenarios() throws {
        let session = try ReplSessionTests.session(root: Repository.content, columns: 200)
        _ = session.handle("practice")
        #expect(session.output.captured.contains("upsell-data-chat"))
        #expect(session.output.captured.contains("`practice ID` starts one"))
        #expect(session.mode == nil)
    }

    @Test func aScenarioTakesThePromptScoresRepliesAndDebriefsOnStop() throws {
        let session = try ReplSessionTests.session(root: Repository.content, columns: 200)
        _ = session.handle("practice upsell-data-chat")
        #expect(session.prompt == "you> ")
        #expect(session.output.captured.contains("Sofia (annoyed): "))
        _ = session.handle("/hint")
        #expect(session.output.captured.contains("hint: "))
        _ = session.handle("Sorry Sofia, your plan includes 5 GB and the speed slows once it is used. What do you use data for?")
        #expect(session.output.captured.contains("/100 ("))
        #expect(session.output.captured.contains("model answer: "))
        _ = session.handle("/stop")
        #expect(session.output.captured.contains("Debrief: Always out of data"))
        #expect(session.output.captured.contains("outcome: abandoned"))
        #expect(session.mode == nil)
    }

    @Test func unknownScenariosAndOptionsAreErrors() throws {
        let session = try ReplSessionTests.session(root: Repository.content)
        _ = session.handle("practice no-such-scenario")
        #expect(session.output.captured.contains("error: no scenario 'no-such-scenario'; type `practice` to list them"))
        _ = session.handle("practice upsell-data-chat loudly")
        #expect(session.output.captured.contains("usage: practice [SCENARIO] [certify]"))
        #expect(session.mode == nil)
    }

    @Test func scenarioIdsCompleteAfterPractice() throws {
        let session = try ReplSessionTests.session(root: Repository.content)
        let candidates = session.makeCompleter().candidates(forLine: "practice upsell")
        #expect(candidates.map(\.replacement) == ["practice upsell-data-chat"])
        #expect(candidates.first?.detail == "Always out of data")
    }

    @Test func channelDifficultyAndCompetencyWordsFilterTheList() throws {
        let session = try ReplSessionTests.session(root: Repository.content, columns: 200)
        _ = session.handle("practice chat beginner")
        let listed = session.output.captured.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.contains("-") }
        #expect(listed == ["no-internet-troubleshooting-chat", "upsell-data-chat"])
        #expect(session.mode == nil)
    }

    @Test func aTraineeWithHistoryIsOfferedTheScenarioForTheirWeakestCompetency() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("progress.sqlite")
        let first = try QuizCommandTests.session(data: data)
        _ = first.handle("practice delivery-delay-phone")
        _ = first.handle("ok")
        _ = first.handle("/stop")
        let session = try QuizCommandTests.session(data: data)
        _ = session.handle("practice")
        #expect(session.output.captured.contains("Suggested next: `practice "))
        #expect(session.output.captured.contains("your weakest area"))
    }

    @Test func listingScenariosWithoutHistoryCreatesNoDatabase() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("progress.sqlite")
        let session = try QuizCommandTests.session(data: data)
        _ = session.handle("practice")
        #expect(!session.output.captured.contains("Suggested next"))
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }
}
