import Foundation
import TestSupport
import Testing

/// The REPL with piped standard input: commands line by line, no prompts, no escape codes.
@Suite struct ReplPipedTests {
    static func run(_ input: String, arguments: [String] = ["--content", FrontlineProcess.contentPath], extra: [String: String] = [:])
        throws -> (status: Int32, output: String, errors: String)
    {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        return try FrontlineProcess.run(arguments, input: input, environment: FrontlineProcess.environment(home: home, extra: extra))
    }

    /// Runs the REPL on the shipped content as trainee kim, with a progress database in a fresh home.
    static func runAsTrainee(_ input: String, extra: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let home = try TemporaryFolder()
        return try FrontlineProcess.run(
            ["--content", FrontlineProcess.contentPath, "--data", home.database.path, "--trainee", "kim"], input: input,
            environment: FrontlineProcess.environment(home: home.url, extra: extra))
    }

    @Test func plainWordsListNumberedResultsWithoutPromptsOrEscapes() throws {
        let result = try Self.run("refund\n")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix(" 1. ") || result.output.hasPrefix("1. "))
        #expect(result.output.contains(" results. Type a number to open it"))
        #expect(!result.output.contains("frontline>"))
        #expect(!result.output.contains("\u{1B}"))
    }

    @Test func aNumberOpensThatResultRenderedAsPlainText() throws {
        let result = try Self.run("open refunds\n")
        #expect(result.status == 0)
        #expect(result.output.contains("Refunds\n=======\n"))
        #expect(result.output.contains("policy · refunds · policies/refunds.md"))
        #expect(result.output.contains("+---"))
        #expect(!result.output.contains("\u{1B}"))
    }

    @Test func numbersReferToTheListOnScreen() throws {
        let search = try Self.run("refund\n")
        let firstTitle = try #require(search.output.split(separator: "\n").first)
            .drop { $0 == " " || $0.isNumber || $0 == "." }.prefix { $0 != "›" && $0 != "·" }
            .trimmingCharacters(in: .whitespaces)
        let opened = try Self.run("refund\n1\n")
        // Without colour, matched words are marked in brackets, the title's among them.
        let unmarked = opened.output.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        #expect(unmarked.contains("\n\(firstTitle)\n"))
    }

    @Test func relatedAndBackWorkAfterOpening() throws {
        let result = try Self.run("refund\n1\nrelated\nback\n")
        #expect(result.output.contains(" related to "))
        #expect(result.output.components(separatedBy: " results. Type a number").count == 3)
    }

    @Test func helpExplainsACommand() throws {
        let result = try Self.run("help open\n")
        #expect(result.output.hasPrefix("usage: open N | open ID\n"))
    }

    @Test func mistakesPrintASpecificErrorAndTheSessionGoesOn() throws {
        let result = try Self.run("open 4\nopen no-such-article\nhelp frobnicate\nopen\nopen refunds\n")
        #expect(result.status == 0)
        #expect(result.errors.contains("error: there is no result 4 to open; type some words to search first"))
        // Words that are no id or title are searched for, as typed words are.
        let words = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("No article has the id or title 'no-such-article'; searching for the words instead."))
        #expect(result.errors.contains("error: no command 'frobnicate'"))
        #expect(result.errors.contains("error: say which result or article to open"))
        #expect(result.output.contains("usage: open N | open ID"))
        #expect(result.output.contains("Refunds\n======="))
    }

    @Test func aFirstSessionIsPointedToABeginnerScenarioAndTheListShowsWhatWasPassed() throws {
        let folder = try TemporaryFolder()
        let home = folder.url
        let database = folder.database.path
        let arguments = ["--content", FrontlineProcess.contentPath, "--data", database, "--trainee", "kim"]
        let first = try FrontlineProcess.run(arguments, input: "practice\n", environment: FrontlineProcess.environment(home: home))
        #expect(first.output.contains("New here? Start with `practice "))
        #expect(!first.output.contains("tried "))
        // Beginner scenarios are listed before advanced ones.
        let beginner = try #require(first.output.range(of: "· beginner"))
        let advanced = try #require(first.output.range(of: "· advanced"))
        #expect(beginner.lowerBound < advanced.lowerBound)

        let replies = home.appendingPathComponent("replies.txt")
        try """
        I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 right now. Can you confirm the delivery address?
        Because it's more than 2 business days late, I've refunded the $9.99 express fee to your card, Priya, and I'll keep an eye on the order and call you tomorrow.
        """.write(to: replies, atomically: true, encoding: .utf8)
        let certified = try FrontlineProcess.run(
            [
                "roleplay", "delivery-delay-phone", "--replies", replies.path, "--mode", "certification", "--data", database, "--trainee",
                "kim",
                "--content", FrontlineProcess.contentPath,
            ], environment: FrontlineProcess.environment(home: home))
        #expect(certified.output.contains(": passed"))
        let listed = try FrontlineProcess.run(arguments, input: "practice\n", environment: FrontlineProcess.environment(home: home))
        let lines = listed.output.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("delivery-delay-phone") })
        let line = lines[index] + " " + lines[index + 1]  // an entry may wrap to a second line
        #expect(line.contains("tried 1×, best "))
        #expect(line.contains("passed"))
        #expect(!listed.output.contains("New here?"))
    }

    @Test func practiceAtThePromptScoresWithTheBehaviourLibraryAsRoleplayDoes() throws {
        // "keep an eye on it" is none of the step's own phrases: only the shared @follow-up behaviour knows it.
        let result = try Self.runAsTrainee(
            """
            practice delivery-delay-phone
            I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 right now.
            I've refunded the $9.99 express fee, and I'll keep an eye on it and call you tomorrow.

            """)
        let words = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("+ Promise to keep watching the order and say how she will hear: “keep an eye”"))
    }

    @Test func quizTextWrapsToTheWidth() throws {
        let result = try Self.runAsTrainee("quiz refunds\n1\n\n", extra: ["COLUMNS": "60"])
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("[1/10]") })
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines.filter { $0.count > 60 })")
    }

    @Test func numbersInAScenarioReferToSearchesMadeInIt() throws {
        let result = try Self.runAsTrainee("refund\npractice upsell-data-chat\n/open 1\n/search data boost\n/open 1\n")
        #expect(result.errors.contains("error: there is no result 1 to open"))
        #expect(result.output.contains("Data Boost"))
    }

    @Test func aNearMissOfAnIdIsSuggested() throws {
        let result = try Self.run("open refunds-policy\nopen refnds\n")
        #expect(result.errors.contains("error: no article 'refunds-policy'; did you mean `open refunds`?"))
        #expect(result.errors.contains("error: no article 'refnds'; did you mean `open refunds`?"))
    }

    @Test func escapeSequencesInAQueryNeverReachTheOutput() throws {
        let result = try Self.run("refund \u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\nzzqx \u{1B}[31mred\n")
        #expect(!result.output.contains("\u{1B}"))
        #expect(!result.output.contains("\u{07}"))
        #expect(!result.output.contains("\u{9B}"))
        #expect(result.output.contains("No results for 'zzqx red'."))
    }

    @Test func quitStopsReadingFurtherCommands() throws {
        let result = try Self.run("quit\nopen refunds\n")
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
    }

    @Test func reloadReportsNoChangesOnUntouchedContent() throws {
        let result = try Self.run("reload\n")
        #expect(result.output.contains("Reloaded "))
        #expect(result.output.contains("Nothing changed."))
    }

    @Test func missingContentFolderIsARuntimeError() throws {
        let result = try Self.run("refund\n", arguments: ["--content", "/nonexistent/content"])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: content folder '/nonexistent/content' does not exist"))
    }

    @Test func replSubcommandIsTheDefault() throws {
        let implicit = try Self.run("help\n")
        let explicit = try Self.run("help\n", arguments: ["repl", "--content", FrontlineProcess.contentPath])
        #expect(implicit.output == explicit.output)
        #expect(implicit.output.contains("open N | open ID"))
    }

    @Test func invalidUTF8EmojiAndRightToLeftQueriesAnswerPromptly() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        var input = Data("refund \u{1F4E6}\n".utf8)
        input += Data([0x72, 0x65, 0x66, 0xFF, 0xFE, 0x75, 0x6E, 0x64, 0x0A])
        input += Data("שלום مرحبا\n!!! ??? ...\nthe and of\n".utf8)
        let result = try FrontlineProcess.run(
            ["--content", FrontlineProcess.contentPath], bytes: input, environment: FrontlineProcess.environment(home: home))
        #expect(result.status == 0)
        #expect(result.output.contains(" results. Type a number"))
        #expect(result.output.contains("No results for 'שלום مرحبا'."))
        #expect(!result.output.contains("\u{1B}"))
    }

    @Test func aPracticeScenarioRunsFromPipedRepliesAndEndsWithADebrief() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try FrontlineProcess.run(
            ["--content", FrontlineProcess.contentPath, "--data", home.appendingPathComponent("progress.sqlite").path, "--trainee", "kim"],
            input: "practice upsell-data-chat\nSorry Sofia, your plan includes 5 GB. What do you use data for?\n",
            environment: FrontlineProcess.environment(home: home))
        #expect(result.status == 0)
        #expect(result.output.contains("Sofia (annoyed): "))
        #expect(result.output.contains("Debrief: Always out of data"))
        #expect(result.output.contains("outcome: abandoned"))
    }
}
