import Foundation
import TestSupport
import Testing

/// The REPL on a pseudo-terminal: what a person at the keyboard sees when editing, completing,
/// recalling history and pressing Ctrl-C.
@Suite(.serialized) struct ReplTerminalTests {
    static let prompt = "frontline>"

    static func home() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("frontline-pty-\(UUID().uuidString)")
    }

    static func start(home: URL, extra: [String: String] = [:]) throws -> PseudoTerminal {
        var settings = ["INPUTRC": "/dev/null", "PAGER": "cat"]
        for (key, value) in extra { settings[key] = value }
        return try PseudoTerminal(
            ["--content", FrontlineProcess.contentPath], environment: FrontlineProcess.environment(home: home, extra: settings))
    }

    @Test func ctrlCClearsTheLineAndKeepsRunning() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(home: home)
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("open refunds")
        #expect(terminal.waitFor("open refunds"))
        terminal.type("\u{03}")
        #expect(terminal.waitFor(Self.prompt, count: 2))
        terminal.type("help\r")
        #expect(terminal.waitFor("Commands:"))
        #expect(!terminal.output.contains("This policy tells you"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
        #expect(terminal.output.contains("^C"))
    }

    @Test func ctrlDLeavesCleanly() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(home: home)
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("\u{04}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func tabCompletesCommandsAndArticleTitles() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(home: home)
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("open bill adj\t")
        #expect(terminal.waitFor("-adjustments-and-credits"))
        terminal.type("\r")
        #expect(terminal.waitFor("Approval limits"))
        terminal.type("relat\t")
        #expect(terminal.waitFor("related "))
        terminal.type("\r")
        #expect(terminal.waitFor("related to Bill adjustments and credits"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let first = try Self.start(home: home)
        #expect(first.waitFor(Self.prompt))
        first.type("help back\r")
        #expect(first.waitFor("usage: back"))
        // Ctrl-D only once readline reads again: typed while the terminal is still in cooked mode
        // between two lines, the line discipline turns it into a NUL byte, not an end of input.
        #expect(first.waitFor(Self.prompt, count: 2))
        first.type("\u{04}")
        #expect(first.waitForExit() == 0)
        let saved = try String(contentsOf: home.appendingPathComponent("state/frontline/history"), encoding: .utf8)
        #expect(saved == "help back\n")

        let second = try Self.start(home: home)
        #expect(second.waitFor(Self.prompt))
        second.type("\u{1B}[A\r")  // up arrow, enter
        #expect(second.waitFor("usage: back"))
        #expect(second.waitFor(Self.prompt, count: 2))
        second.type("quit\r")
        #expect(second.waitForExit() == 0)
        let again = try String(contentsOf: home.appendingPathComponent("state/frontline/history"), encoding: .utf8)
        #expect(again == "help back\nquit\n")
    }

    @Test func inputrcKeyBindingsForFrontlineAreHonoured() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let inputrc = home.appendingPathComponent("inputrc")
        try "$if frontline\n\"\\C-xh\": \"help more\\r\"\n$endif\n".write(to: inputrc, atomically: true, encoding: .utf8)
        let terminal = try Self.start(home: home, extra: ["INPUTRC": inputrc.path])
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("\u{18}h")
        #expect(terminal.waitFor("usage: more"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func coloursOnATerminalUnlessNoColourIsSet() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let coloured = try Self.start(home: home)
        #expect(coloured.waitFor(Self.prompt))
        coloured.type("help\r")
        #expect(coloured.waitFor("Commands:"))
        #expect(coloured.output.contains("\u{1B}[1msearch WORDS\u{1B}[0m"))
        coloured.type("quit\r")
        #expect(coloured.waitForExit() == 0)

        let plain = try Self.start(home: home, extra: ["NO_COLOR": "1"])
        #expect(plain.waitFor(Self.prompt))
        plain.type("help\r")
        #expect(plain.waitFor("Commands:"))
        #expect(!plain.output.contains("\u{1B}[1m"))
        #expect(!plain.output.contains("\u{1B}[0m"))
        plain.type("quit\r")
        #expect(plain.waitForExit() == 0)
    }

    @Test func longArticlesGoThroughThePager() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(home: home, extra: ["PAGER": "sed s/^/PAGED:/"])
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("open refunds\r")
        #expect(terminal.waitFor("PAGED:"))
        #expect(terminal.waitFor(Self.prompt, count: 2))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
    }

    /// The numbered result lines of some output, as a terminal shows them (after a carriage return,
    /// without readline's mode-switching sequences).
    static func resultLines(_ text: String) -> [String] {
        // "\r\n" is one Character in Swift: turn it into "\n" before splitting.
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map { line in
            let shown = line.split(separator: "\r", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            return shown.replacingOccurrences(of: "\u{1B}[?2004l", with: "").replacingOccurrences(of: "\u{1B}[?2004h", with: "")
        }.filter { line in
            let trimmed = line.drop { $0 == " " }
            let digits = trimmed.prefix { $0.isNumber }
            return !digits.isEmpty && trimmed.dropFirst(digits.count).hasPrefix(". ")
        }
    }

    @Test func pipedModeListsTheSameResultsAsTheTerminal() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try PseudoTerminal(
            ["--content", FrontlineProcess.contentPath],
            environment: FrontlineProcess.environment(home: home, extra: ["INPUTRC": "/dev/null", "NO_COLOR": "1"]), columns: 80, rows: 40)
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("refund not arrived\r")
        #expect(terminal.waitFor(" results. Type a number"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
        let piped = try FrontlineProcess.run(
            ["--content", FrontlineProcess.contentPath], input: "refund not arrived\n",
            environment: FrontlineProcess.environment(home: home))
        let onTerminal = Self.resultLines(terminal.output)
        #expect(onTerminal.count == 10)
        #expect(onTerminal == Self.resultLines(piped.output))
    }

    @Test func aScenarioTakesThePromptAndCtrlCClearsOnlyTheReplyBeingTyped() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(
            home: home, extra: ["NO_COLOR": "1", "FRONTLINE_DATA": home.appendingPathComponent("progress.sqlite").path])
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("practice upsell-data-chat\r")
        #expect(terminal.waitFor("you> "))
        terminal.type("this reply is abandoned")
        #expect(terminal.waitFor("abandoned"))
        terminal.type("\u{03}")
        #expect(terminal.waitFor("you> ", count: 2))
        terminal.type("Sorry Sofia, what do you mostly use your data for?\r")
        #expect(terminal.waitFor("model answer: "))
        terminal.type("/stop\r")
        #expect(terminal.waitFor("Debrief: Always out of data"))
        #expect(terminal.waitFor(Self.prompt, count: 2))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
        #expect(!terminal.output.contains("this reply is abandoned/100"))
        #expect(terminal.output.components(separatedBy: "/100 (").count == 2)  // exactly one reply was scored
    }

    @Test func ctrlCOnAnEmptyReplyAbandonsTheScenario() throws {
        let home = Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let database = home.appendingPathComponent("progress.sqlite").path
        let terminal = try Self.start(home: home, extra: ["NO_COLOR": "1", "FRONTLINE_DATA": database])
        #expect(terminal.waitFor(Self.prompt))
        terminal.type("practice upsell-data-chat\r")
        #expect(terminal.waitFor("you> "))
        terminal.type("\u{03}")
        #expect(terminal.waitFor("(stopped)"))
        #expect(terminal.waitFor("outcome: abandoned"))
        #expect(terminal.waitFor(Self.prompt, count: 2))
        terminal.type("refund\r")
        #expect(terminal.waitFor("Refunds"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
        #expect(terminal.output.contains("frontline> refund"))  // nothing typed after Ctrl-C was lost
        // The attempt was recorded, and not as finished.
        let progress = try FrontlineProcess.run(["progress", "--json", "--data", database])
        let summary =
            try #require(
                try JSONSerialization.jsonObject(with: Data(progress.output.utf8)) as? [String: Any])["summary"] as? [String: Any]
        let scenarios = try #require(summary?["scenarios"] as? [[String: Any]])
        #expect(scenarios.count == 1)
        #expect(scenarios.first?["id"] as? String == "upsell-data-chat")
        #expect(scenarios.first?["attempts"] as? Int == 1)
        #expect(scenarios.first?["finished"] as? Int == 0)
    }
}

/// The new user's frictions at the prompt, as a person at a 60-column terminal meets them.
@Suite(.serialized) struct ReplFrictionTests {
    static func start(home: URL) throws -> PseudoTerminal {
        try PseudoTerminal(
            ["--content", FrontlineProcess.contentPath, "--data", home.appendingPathComponent("progress.sqlite").path, "--trainee", "kim"],
            environment: FrontlineProcess.environment(home: home, extra: ["INPUTRC": "/dev/null", "NO_COLOR": "1", "PAGER": "cat"]),
            columns: 60, rows: 40)
    }

    /// The lines as the terminal shows them (the last redraw of each), without readline's bracketing.
    static func screenLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map { line in
            let shown = line.split(separator: "\r", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            return shown.replacingOccurrences(of: "\u{1B}[?2004l", with: "").replacingOccurrences(of: "\u{1B}[?2004h", with: "")
        }
    }

    @Test func aTypoAsksDidYouMeanKeepsTheListAndWrapsAtSixtyColumnsWithMarkedMatches() throws {
        let home = ReplTerminalTests.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(home: home)
        #expect(terminal.waitFor(ReplTerminalTests.prompt))
        terminal.type("refund not arrived\r")
        #expect(terminal.waitFor("Type a number"))
        terminal.type("opne 1\r")
        #expect(terminal.waitFor("did you mean `open 1`?"))
        terminal.type("1\r")
        #expect(terminal.waitFor("reviewed"))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
        let lines = Self.screenLines(terminal.output)
        // Every line fits the 60 columns (the terminal never cuts a word), matches are marked without colour.
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines.filter { $0.count > 60 })")
        #expect(terminal.output.contains("[refund"))
        // The typo searched for nothing: the list numbered before it is the one `1` opened.
        let firstResult = try #require(lines.first { $0.hasPrefix(" 1. ") })
        let title = firstResult.dropFirst(4).prefix { $0 != "›" && $0 != "·" }.trimmingCharacters(in: .whitespaces)
        let unmarked = terminal.output.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        #expect(unmarked.components(separatedBy: title).count >= 3)
        #expect(!terminal.output.contains("No results for 'opne 1'"))
    }

    @Test func practiceShowsWhyCtrlDEndsOnlyTheScenarioAndRepliesKeepTheirOwnHistory() throws {
        let home = ReplTerminalTests.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try Self.start(home: home)
        #expect(terminal.waitFor(ReplTerminalTests.prompt))
        terminal.type("refund\r")
        #expect(terminal.waitFor("Type a number"))
        terminal.type("practice upsell-data-chat\r")
        #expect(terminal.waitFor("you> "))
        // The reply asks and apologises, but never says why the speed slowed.
        terminal.type("Sorry Sofia, that sounds frustrating. What do you use data for?\r")
        #expect(terminal.waitFor("model answer: "))
        // Up in the scenario recalls the reply just typed, never the search before it.
        #expect(terminal.waitFor("you> ", count: 2))
        terminal.type("\u{1B}[A")
        #expect(terminal.waitFor("you> Sorry Sofia"))
        terminal.type("\u{15}")  // Ctrl-U clears the recalled line
        terminal.type("\u{04}")
        #expect(terminal.waitFor("Ctrl-D again leaves frontline"))
        #expect(terminal.waitFor("Debrief: Always out of data"))
        #expect(terminal.waitFor(ReplTerminalTests.prompt, count: 2))
        // Back at the prompt, Up recalls the command that started the scenario, not the reply.
        terminal.type("\u{1B}[A")
        #expect(terminal.waitFor("frontline> practice upsell-data-chat"))
        terminal.type("\u{15}quit\r")
        #expect(terminal.waitForExit() == 0)
        // The feedback said, line by line, what counted and what was missed.
        #expect(terminal.output.contains("\n  + Acknowledge the annoyance"))
        #expect(terminal.output.contains("\n  - Explain the speed slows"))
        let saved = try String(contentsOf: home.appendingPathComponent("state/frontline/history"), encoding: .utf8)
        #expect(!saved.contains("Sorry Sofia"))
        #expect(saved.contains("practice upsell-data-chat"))
    }

    /// While the model reads a knowledge base its cache lacks, the prompt shows how far it has come,
    /// redrawn as it goes without losing what is being typed, and leaves it off once the vectors are
    /// ready.
    @Test func thePromptShowsTheVectorsProgressWhileTheUserTypes() throws {
        let folder = try TemporaryFolder()
        let policies = folder.url.appendingPathComponent("content/policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        // About 200 passages of 60 words: a few seconds of the model's work.
        let filler = Array(repeating: "The customer may ask for the money back on the card they paid with", count: 4)
            .joined(separator: ", and ")
        for article in 0..<10 {
            var text = "---\nid: policy-\(article)\ntitle: Policy \(article)\n---\n# Policy \(article)\n"
            for section in 0..<10 { text += "\n## Rule \(section)\n\nRefunds rule \(section) of policy \(article). \(filler).\n" }
            try text.write(to: policies.appendingPathComponent("policy-\(article).md"), atomically: true, encoding: .utf8)
        }
        let cache = folder.url.appendingPathComponent("cache")
        let environment = FrontlineProcess.environment(
            home: folder.url, extra: ["XDG_CACHE_HOME": cache.path, "INPUTRC": "/dev/null", "PAGER": "cat", "NO_COLOR": "1"])
        let terminal = try PseudoTerminal(["--content", folder.url.appendingPathComponent("content").path], environment: environment)
        #expect(terminal.waitFor(ReplTerminalTests.prompt))
        terminal.type("refu")
        #expect(terminal.waitFor("[meaning ", timeout: 120))
        let vectors = cache.appendingPathComponent("frontline")
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, (try? FileManager.default.contentsOfDirectory(atPath: vectors.path))?.isEmpty ?? true {
            usleep(50_000)
        }
        // What was typed before and during the redraws is one line: "refund rule 7".
        terminal.type("nd rule 7\r")
        #expect(terminal.waitFor("Policy"))
        #expect(terminal.waitFor(ReplTerminalTests.prompt, count: 2))
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
        let output = terminal.output
        #expect(output.contains("Rule 7"), "\(output.suffix(600))")
        #expect(!output.contains("Ranked by words only"))
        // The prompt after the search has no progress on it.
        let afterSearch = try #require(output.range(of: "Rule 7"))
        #expect(!output[afterSearch.upperBound...].contains("[meaning"))
    }
}
