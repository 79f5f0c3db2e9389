import Foundation
import TestSupport
import Testing

/// Runs the built `frontline quiz`, `progress` and `report` as a trainee and a trainer would.
@Suite struct QuizCommandTests {
    /// A fresh folder for one test's database, removed afterwards.
    /// Runs frontline with `arguments` and `input` on standard input.
    static func run(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, errors: String) {
        try FrontlineProcess.run(arguments, input: input)
    }

    static func progress(_ data: String, trainee: String) throws -> [String: Any] {
        let result = try run(["progress", "--json", "--data", data, "--trainee", trainee, "--content", "content"])
        #expect(result.status == 0, "\(result.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return (object?["summary"] as? [String: Any]) ?? [:]
    }

    @Test func listJSONHoldsEveryQuestionWithItsFields() throws {
        let result = try Self.run(["quiz", "--list", "--json", "--content", "content"])
        #expect(result.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        let written = items.filter { $0["generated"] as? Bool == false }
        let generated = items.filter { $0["generated"] as? Bool == true }
        #expect(written.count >= 120)
        #expect(!generated.isEmpty)
        for item in items {
            for key in ["id", "kind", "competency", "article", "prompt"] { #expect(item[key] is String, "\(key) in \(item)") }
        }
        #expect(Set(items.compactMap { $0["id"] as? String }).count == items.count)
    }

    @Test func pipedSessionIsGradedRecordedAndScheduled() throws {
        let folder = try TemporaryFolder()
        // The first new question on returns-and-exchanges is the 30-day window (short answer).
        let result = try Self.run(
            ["quiz", "returns-and-exchanges", "--count", "2", "--data", folder.database.path, "--trainee", "ana", "--content", "content"],
            input: "thirty days\n\n")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("[1/2] Within how many days of delivery may a customer return an item for a change of mind?"))
        #expect(result.output.contains("answer> thirty days"))
        #expect(result.output.contains("✓ right"))
        #expect(result.output.contains("read: Returns and exchanges (`open returns-and-exchanges`)"))
        #expect(result.output.contains("Score: 1/2 (50%)"))
        #expect(result.output.contains("Next review: in 10 minutes (1 question due within a day)"))
        let summary = try Self.progress(folder.database.path, trainee: "ana")
        #expect(summary["quizAnswerCount"] as? Int == 2)
        #expect(summary["quizCorrectCount"] as? Int == 1)
        #expect(summary["scheduledQuestions"] as? Int == 2)
        // A trainee without records is an error that names who has records, never an empty report.
        let nobody = try Self.run(["progress", "--data", folder.database.path, "--trainee", "ben", "--content", "content"])
        #expect(nobody.status == 1)
        #expect(nobody.errors.contains("no trainee 'ben' has records in \(folder.database.path); trainees with records: ana"))
        let typo = try Self.run(["report", "--html", folder.database.path + ".html", "--data", folder.database.path, "--trainee", "anna"])
        #expect(typo.status == 1)
        #expect(typo.errors.contains("did you mean 'ana'?"))
    }

    @Test func wrongTypedAnswerIsShownBesideTheAcceptedOne() throws {
        let folder = try TemporaryFolder()
        let result = try Self.run(
            ["quiz", "returns-and-exchanges", "--count", "1", "--data", folder.database.path, "--content", "content"], input: "35 days\n")
        #expect(result.output.contains("you typed: 35 days"))
        #expect(result.output.contains("accepted:  30 days"))
        #expect(result.output.contains("difference: 3[5→0] days") || result.output.contains("difference: 3[+0][-5] days"))
    }

    @Test func killedSessionKeepsEveryAnswerGivenBeforeTheKill() throws {
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = FrontlineProcess.executable
        process.arguments = [
            "quiz", "policies", "--count", "5", "--data", folder.database.path, "--trainee", "kim", "--content", "content",
        ]
        process.currentDirectoryURL = FrontlineProcess.repository
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = stdin
        let buffer = OutputBuffer()
        output.fileHandleForReading.readabilityHandler = { handle in buffer.append(handle.availableData) }
        try process.run()
        for answer in 1...2 {
            stdin.fileHandleForWriting.write(Data("\n".utf8))
            #expect(buffer.wait(forOccurrences: answer, of: "next time:", timeout: 30), "answer \(answer) was not graded")
        }
        #expect(buffer.wait(forOccurrences: 1, of: "[3/5]", timeout: 30))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationReason == .uncaughtSignal)
        let summary = try Self.progress(folder.database.path, trainee: "kim")
        #expect(summary["quizAnswerCount"] as? Int == 2)
    }

    @Test func twoProcessesAnsweringAtOnceBothSucceed() throws {
        let folder = try TemporaryFolder()
        let results = ResultsBox()
        let database = folder.database.path
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let outcome = try? Self.run(
                ["quiz", "--count", "6", "--data", database, "--trainee", "t\(index % 2)", "--content", "content"],
                input: String(repeating: "\n", count: 6))
            results.add(outcome?.status ?? -1)
        }
        #expect(results.values == [0, 0, 0, 0])
        // Each trainee ran two sessions of six answers at the same time; every answer is kept.
        for trainee in ["t0", "t1"] {
            #expect(try Self.progress(folder.database.path, trainee: trainee)["quizAnswerCount"] as? Int == 12)
        }
    }

    @Test func damagedDatabaseIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryFolder()
        let bytes = Data("not a database at all\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: folder.database.path))
        let result = try Self.run(["progress", "--data", folder.database.path])
        #expect(result.status == 1)
        #expect(result.errors.contains("is not a frontline progress database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.database.path)) == bytes)
        let quiz = try Self.run(["quiz", "--data", folder.database.path, "--content", "content"], input: "1\n")
        #expect(quiz.status == 1)
    }

    @Test func reportWritesSelfContainedHTMLAndCSV() throws {
        let folder = try TemporaryFolder()
        for trainee in ["ana", "ben"] {
            _ = try Self.run(
                ["quiz", "--count", "2", "--data", folder.database.path, "--trainee", trainee, "--content", "content"], input: "\n\n")
        }
        let html = folder.url.appendingPathComponent("report.html").path
        let csv = folder.url.appendingPathComponent("attempts.csv").path
        let result = try Self.run(["report", "--html", html, "--csv", csv, "--all", "--data", folder.database.path, "--content", "content"])
        #expect(result.status == 0, "\(result.errors)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("id=\"cohort\""))
        #expect(page.contains("id=\"trainee-ana\"") && page.contains("id=\"trainee-ben\""))
        #expect(page.contains("<svg"))
        #expect(!page.contains("<script") && !page.contains("src="))
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        #expect(rows.count == 5)
    }

    @Test func badArgumentsAreUsageErrors() throws {
        #expect(try Self.run(["quiz", "--count", "0"]).status == 2)
        #expect(try Self.run(["report"]).status == 2)
        let folder = try TemporaryFolder()
        let missingFolder = try Self.run(["report", "--html", "/nonexistent-folder/report.html", "--all", "--data", folder.database.path])
        #expect(missingFolder.status == 1)
        #expect(missingFolder.errors.contains("there is no folder '/nonexistent-folder'"))
        #expect(try Self.run(["report", "--html", "x.html", "--all", "--trainee", "a"]).status == 2)
    }

    @Test func unknownTopicIsARuntimeError() throws {
        let result = try Self.run(["quiz", "no-such-topic", "--content", "content", "--data", "/nonexistent/x.sqlite"])
        #expect(result.status == 1)
        #expect(result.errors.contains("no questions match topic 'no-such-topic'"))
    }
}

/// Exit statuses gathered from several threads.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int32] = []
    func add(_ status: Int32) { lock.withLock { statuses.append(status) } }
    var values: [Int32] { lock.withLock { statuses } }
}

/// Output collected from a running process, with a way to wait for text to appear.
final class OutputBuffer: @unchecked Sendable {
    private let condition = NSCondition()
    private var text = ""

    func append(_ data: Data) {
        condition.lock()
        text += String(decoding: data, as: UTF8.self)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `needle` occurs at least `count` times, or `timeout` seconds pass.
    func wait(forOccurrences count: Int, of needle: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while text.components(separatedBy: needle).count - 1 < count {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}
