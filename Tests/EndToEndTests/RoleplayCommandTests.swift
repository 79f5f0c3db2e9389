import Foundation
import Testing

/// Runs the built `frontline roleplay` as a trainer's script would and checks the JSON contract.
@Suite struct RoleplayCommandTests {
    /// Runs `frontline` without recording attempts, so tests never touch the user's own progress.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let runsScenario = arguments.first == "roleplay" && !arguments.contains("--list") && !arguments.contains("--data")
        return try CheckCommandTests.runFrontline(runsScenario ? arguments + ["--no-record"] : arguments)
    }

    static func repliesFile(_ lines: [String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-replies-\(UUID().uuidString).txt")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func listPrintsEveryScenarioWithItsFields() throws {
        let result = try Self.run(["roleplay", "--list", "--json", "--content", "content"])
        #expect(result.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(list.count >= 15)
        for item in list {
            #expect(Set(item.keys) == ["id", "title", "channel", "difficulty", "competencies"])
        }
        #expect(list.contains { $0["id"] as? String == "delivery-delay-phone" && $0["channel"] as? String == "phone" })
    }

    @Test func repliesFileFollowsTheBranchesAndPrintsTheContract() throws {
        let path = try Self.repliesFile([
            "I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 now. Can you confirm the delivery address?",
            "Because it's more than 2 business days late, I've refunded the $9.99 express fee, and I'll keep an eye on the order. Is the tracking still moving?",
            "this line is left over and ignored",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["roleplay", "delivery-delay-phone", "--replies", path, "--content", "content", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "delivery-delay-phone")
        #expect(object["outcome"] as? String == "resolved")
        // New in the contract: the customer's closing words for the ending reached.
        #expect((object["closing"] as? String)?.hasPrefix("Okay, thank you for sorting the refund.") == true)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == 2)
        for key in ["customer", "reply", "points", "evidence", "red_flags", "facts_contradicted", "branch"] {
            #expect(steps[0][key] != nil, "missing \(key)")
        }
        #expect((steps[0]["branch"] as? [String: Any])?["to"] as? String == "fee-refund")
        let competencies = try #require(object["competencies"] as? [String: Int])
        #expect(competencies["refunds-and-orders"] == 100)
        let overall = try #require(object["overall"] as? Int)
        #expect((0...100).contains(overall))
    }

    @Test func runningOutOfLinesIsAbandoned() throws {
        let path = try Self.repliesFile(["Sorry your order is late, let me check the tracking."])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["roleplay", "delivery-delay-phone", "--replies", path, "--content", "content", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "abandoned")
    }

    @Test func unknownScenarioFailsAndMissingRepliesIsAUsageError() throws {
        let path = try Self.repliesFile(["hello"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let unknown = try Self.run(["roleplay", "no-such-scenario", "--replies", path, "--content", "content"])
        #expect(unknown.status == 1)
        #expect(unknown.errors.hasPrefix("error: no scenario 'no-such-scenario'"))
        let usage = try Self.run(["roleplay", "delivery-delay-phone", "--content", "content"])
        #expect(usage.status == 2)
    }

    @Test func textOutputShowsEvidenceBarsAndOutcome() throws {
        let path = try Self.repliesFile(["Calm down, it's not our fault."])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run([
            "roleplay", "delivery-delay-phone", "--replies", path, "--content", "content", "--mode", "certification",
        ])
        #expect(result.status == 0)
        #expect(result.output.contains("! “Calm down” dismisses the customer (Diplomacy and tone)"))
        // The same feedback as the REPL's: what was missed and the model answer, then the closing words.
        #expect(result.output.contains("  - Apologise for the late delivery"))
        #expect(result.output.contains("model answer: "))
        #expect(result.output.contains("(the conversation ends: customer-left)"))
        #expect(result.output.contains("outcome: customer-left"))
        #expect(result.output.contains("not passed"))
    }

    @Test func attemptIsRecordedForTheTrainee() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "frontline-roleplay-\(UUID().uuidString)/progress.sqlite"
        ).path
        defer { try? FileManager.default.removeItem(atPath: (database as NSString).deletingLastPathComponent) }
        let path = try Self.repliesFile(["I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 now."])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let arguments = [
            "roleplay", "delivery-delay-phone", "--replies", path, "--content", "content", "--json", "--data", database, "--trainee", "sam",
        ]
        #expect(try Self.run(arguments).status == 0)
        let summary = try QuizCommandTests.progress(database, trainee: "sam")
        let scenarios = try #require(summary["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["id"] as? String } == ["delivery-delay-phone"])
        #expect(scenarios.first?["attempts"] as? Int == 1)
    }
}
