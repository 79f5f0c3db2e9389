import Foundation
import TestSupport
import Testing

/// `frontline team …` and the progress commands against a real PostgreSQL server, as an
/// administrator, trainees and a trainer would use them: the walk-through of docs/team.md, twenty trainees
/// at once, a killed process, a server stopped under a session, an import run twice.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs scripts/test-postgres"))
struct TeamCommandTests {
    let server = PostgresTestServer.shared!
    let database: String
    let home: TemporaryFolder

    init() throws {
        database = try server.createDatabase()
        home = try TemporaryFolder()
    }

    /// The environment of someone logging in with `password`.
    func environment(password: String) -> [String: String] {
        FrontlineProcess.environment(home: home.url, extra: ["PGPASSWORD": password])
    }

    /// Runs frontline as the administrator.
    @discardableResult
    func administer(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, errors: String) {
        try FrontlineProcess.run(
            ["team"] + arguments + ["--data", server.url(database: database)], input: input,
            environment: environment(password: server.adminPassword))
    }

    /// Initialises the database and adds `trainees` and `trainers` with the password `NAME-password`.
    func makeTeam(trainees: [String], trainers: [String] = []) throws {
        #expect(try administer(["init"]).status == 0)
        for name in trainees {
            #expect(try administer(["add-trainee", name, "--password-stdin"], input: name + "-password\n").status == 0)
        }
        for name in trainers {
            #expect(try administer(["add-trainer", name, "--password-stdin"], input: name + "-password\n").status == 0)
        }
    }

    /// Runs frontline as `name`, connected to the team database.
    func run(as name: String, _ arguments: [String], input: String = "") throws -> (status: Int32, output: String, errors: String) {
        try FrontlineProcess.run(
            arguments + ["--data", server.url(user: name, database: database)], input: input,
            environment: environment(password: name + "-password"))
    }

    /// `trainee`'s stored quiz answers: how many, and how many different questions.
    func answerCounts(_ trainee: String, on server: PostgresTestServer? = nil) throws -> (answers: Int, questions: Int, states: Int) {
        let counts = try (server ?? self.server).psql(
            """
            SELECT (SELECT count(*) FROM frontline.quiz_answer WHERE trainee = '\(trainee)') || ' ' ||
                   (SELECT count(DISTINCT question_id) FROM frontline.quiz_answer WHERE trainee = '\(trainee)') || ' ' ||
                   (SELECT count(*) FROM frontline.review_state WHERE trainee = '\(trainee)')
            """, database: database
        ).split(separator: " ").compactMap { Int($0) }
        return (counts[0], counts[1], counts[2])
    }

    @Test func fromAnEmptyDatabaseToTwoTraineesAndATrainer() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        let ben = PostgresTestServer.uniqueName("ben")
        let tom = PostgresTestServer.uniqueName("tom")
        let initialised = try administer(["init"])
        #expect(initialised.status == 0, "\(initialised.errors)")
        #expect(initialised.output.contains("applied v1-team-progress"))
        #expect(try administer(["init"]).output.contains("is up to date; nothing changed"))
        let added = try administer(["add-trainee", ana, "--password-stdin"], input: ana + "-password\n")
        #expect(added.output.contains("added the trainee \(ana)"), "\(added.errors)")
        try makeTeam(trainees: [ben], trainers: [tom])

        let quiz = try run(as: ana, ["quiz", "returns-and-exchanges", "--count", "2", "--content", "content"], input: "thirty days\n\n")
        #expect(quiz.status == 0, "\(quiz.errors)")
        #expect(quiz.output.contains("Score: 1/2 (50%)"))
        let roleplay = try run(
            as: ben, ["roleplay", "delivery-delay-phone", "--replies", "-", "--content", "content"],
            input: "I'm sorry about the delay, let me check the tracking for you.\n")
        #expect(roleplay.status == 0, "\(roleplay.errors)")
        #expect(!roleplay.errors.contains("not recorded"), "\(roleplay.errors)")

        // Each trainee sees their own progress, and only theirs.
        let progress = try run(as: ana, ["progress", "--json", "--content", "content"])
        #expect(progress.status == 0, "\(progress.errors)")
        #expect(progress.output.contains("\"quizAnswerCount\" : 2"))
        let snooping = try run(as: ana, ["progress", "--trainee", ben, "--content", "content"])
        #expect(snooping.status == 1)
        #expect(snooping.errors.contains("you are connected to the team database as '\(ana)'"))

        // The trainer's report holds both.
        let report = home.url.appendingPathComponent("team.html").path
        let csv = home.url.appendingPathComponent("team.csv").path
        let written = try run(as: tom, ["report", "--all", "--html", report, "--csv", csv, "--content", "content"])
        #expect(written.status == 0, "\(written.errors)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains(ana) && html.contains(ben))
        #expect(html.contains("for 2 trainees"))
        let rows = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(rows.contains(ana) && rows.contains(ben))
        // A trainee's --all report is only their own.
        let own = home.url.appendingPathComponent("own.html").path
        #expect(try run(as: ana, ["report", "--all", "--html", own]).status == 0)
        #expect(try !String(contentsOfFile: own, encoding: .utf8).contains(ben))
    }

    @Test func theREPLPractisesAndQuizzesOnTheTeamDatabase() throws {
        let kim = PostgresTestServer.uniqueName("kim")
        try makeTeam(trainees: [kim])
        let session = try run(
            as: kim, ["--content", FrontlineProcess.contentPath],
            input: """
                practice delivery-delay-phone
                I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 right now.
                I've refunded the $9.99 express fee, and I'll keep an eye on it and call you tomorrow.

                quiz returns-and-exchanges
                thirty days
                /stop

                """)
        #expect(session.status == 0, "\(session.errors)")
        #expect(try server.psql("SELECT count(*) FROM frontline.roleplay_attempt WHERE trainee = '\(kim)'", database: database) == "1")
        #expect(try answerCounts(kim).answers == 1)
        // The next session reads the attempt back from the server.
        let listed = try run(as: kim, ["--content", FrontlineProcess.contentPath], input: "practice\n")
        let lines = listed.output.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("delivery-delay-phone") })
        #expect((lines[index] + " " + lines[index + 1]).contains("tried 1×"))
    }

    @Test func twentyTraineesAnsweringAtOnceLoseAndDoubleNothing() throws {
        let trainees = (0..<20).map { PostgresTestServer.uniqueName("t\($0)") }
        try makeTeam(trainees: trainees)
        let answers = String(repeating: "\n", count: 50)  // an empty answer is graded (as "show me")
        let results = UnsafeSendableBox([(status: Int32, output: String, errors: String)?](repeating: nil, count: trainees.count))
        let commands = trainees.map { name in
            (
                arguments: ["quiz", "--count", "50", "--content", "content", "--data", server.url(user: name, database: database)],
                environment: environment(password: name + "-password")
            )
        }
        DispatchQueue.concurrentPerform(iterations: trainees.count) { index in
            let result = try? FrontlineProcess.run(commands[index].arguments, input: answers, environment: commands[index].environment)
            results.lock.withLock { results.value[index] = result }
        }
        for (index, result) in results.value.enumerated() {
            #expect(result?.status == 0, "\(trainees[index]): \(result?.errors ?? "did not run")")
            #expect(result?.output.contains("Score: ") == true)
            let counts = try answerCounts(trainees[index])
            #expect(counts.answers == 50, "\(trainees[index])")
            #expect(counts.questions == 50, "\(trainees[index])")
            #expect(counts.states == 50, "\(trainees[index])")
        }
        #expect(try server.psql("SELECT count(*) FROM frontline.quiz_answer", database: database) == "1000")
    }

    @Test func aKilledSessionKeepsEveryAcknowledgedAnswer() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        try makeTeam(trainees: [ana])
        let session = try RunningFrontline(
            ["quiz", "--count", "20", "--content", "content", "--data", server.url(user: ana, database: database)],
            environment: environment(password: ana + "-password"))
        defer { session.end() }
        for number in 1...7 {
            session.send("\n")
            try session.waitFor("[\(number + 1)/20]")
        }
        session.kill()
        #expect(try answerCounts(ana) == (7, 7, 7))
        // The trainee carries on where they were: the next session goes on from the stored schedule.
        let next = try run(as: ana, ["quiz", "--count", "3", "--content", "content"], input: "\n\n\n")
        #expect(next.status == 0, "\(next.errors)")
        #expect(try answerCounts(ana).answers == 10)
    }

    @Test func aServerStoppedMidSessionGivesAClearErrorAndKeepsEveryAcknowledgedAnswer() throws {
        let cluster = try PostgresTestServer.startPrivate()
        defer { cluster.destroy() }
        let database = try cluster.createDatabase()
        let ana = PostgresTestServer.uniqueName("ana")
        let admin = FrontlineProcess.environment(home: home.url, extra: ["PGPASSWORD": cluster.adminPassword])
        #expect(try FrontlineProcess.run(["team", "init", "--data", cluster.url(database: database)], environment: admin).status == 0)
        let added = try FrontlineProcess.run(
            ["team", "add-trainee", ana, "--password-stdin", "--data", cluster.url(database: database)], input: "ana-password\n",
            environment: admin)
        #expect(added.status == 0, "\(added.errors)")
        let session = try RunningFrontline(
            ["quiz", "--count", "20", "--content", "content", "--data", cluster.url(user: ana, database: database)],
            environment: FrontlineProcess.environment(home: home.url, extra: ["PGPASSWORD": "ana-password"]))
        defer { session.end() }
        for number in 1...5 {
            session.send("\n")
            try session.waitFor("[\(number + 1)/20]")
        }
        try cluster.stop()
        session.send("\n")
        let status = try session.waitForExit()
        #expect(status == 1)
        #expect(
            session.errors.contains(
                "the connection to the progress server 'postgresql://\(ana)@127.0.0.1:\(cluster.port)/\(database)' was lost"))
        #expect(session.errors.contains("every earlier one is"))
        #expect(!session.errors.contains("ana-password"))
        try cluster.start()
        let counts = try cluster.psql(
            "SELECT count(*) FROM frontline.quiz_answer WHERE trainee = '\(ana)'", database: database)
        #expect(counts == "5")
    }

    @Test func anImportRunTwiceAddsNothingTheSecondTime() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        try makeTeam(trainees: [ana])
        // A local history, made the usual way.
        let local = home.database.path
        let quiz = try FrontlineProcess.run(
            ["quiz", "--count", "4", "--content", "content", "--data", local, "--trainee", "ana-local"], input: "\n\n\n\n",
            environment: environment(password: ""))
        #expect(quiz.status == 0, "\(quiz.errors)")
        let first = try administer(["import", local, "--trainee", ana])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("imported 4 quiz answers and 0 role-play attempts of ana-local as \(ana)"))
        let second = try administer(["import", local, "--trainee", ana])
        #expect(
            second.output.contains("imported 0 quiz answers and 0 role-play attempts of ana-local as \(ana) (4 already there, skipped)"))
        #expect(try answerCounts(ana) == (4, 4, 4))
        // Someone who is not a member, and a file that is not there, are refused with what to do.
        let stranger = try administer(["import", local, "--trainee", "nobody_here"])
        #expect(stranger.status == 1)
        #expect(stranger.errors.contains("add them first with `frontline team add-trainee nobody_here`"))
        let missing = try administer(["import", local + ".missing", "--trainee", ana])
        #expect(missing.errors.contains("there is no file"))
    }

    @Test func aPasswordInTheURLIsWarnedAboutAndNeverShown() throws {
        let ana = PostgresTestServer.uniqueName("ana")
        try makeTeam(trainees: [ana])
        let url = server.url(user: ana, database: database).replacingOccurrences(of: "\(ana)@", with: "\(ana):wrong-secret@")
        let result = try FrontlineProcess.run(
            ["progress", "--data", url, "--content", "content"], environment: FrontlineProcess.environment(home: home.url))
        #expect(result.status == 1)
        #expect(result.errors.contains("warning: the password in --data is visible to every user of this machine"))
        #expect(result.errors.contains("password authentication failed"))
        #expect(!result.errors.contains("wrong-secret"))
        #expect(!result.output.contains("wrong-secret"))
    }
}

/// A value shared by concurrent closures under a lock.
final class UnsafeSendableBox<Value>: @unchecked Sendable {
    var value: Value
    let lock = NSLock()
    init(_ value: Value) { self.value = value }
}

/// `frontline` running with piped input that the test writes a line at a time, reading its output as it comes.
final class RunningFrontline: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var output = ""
    private var errorText = ""

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = FrontlineProcess.executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = FrontlineProcess.repository
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.output += String(decoding: data, as: UTF8.self) }
        }
        errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.errorText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// What it wrote to standard error so far.
    var errors: String { lock.withLock { errorText } }

    func send(_ text: String) { try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8)) }

    /// Waits until the output holds `text` (at most 60 seconds).
    func waitFor(_ text: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if lock.withLock({ output.contains(text) }) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw PostgresTestServer.Failure("no '\(text)' in: \(lock.withLock { output.suffix(400) }) \(errors)")
    }

    /// Waits for the process to end (at most 60 seconds) and returns its status.
    func waitForExit() throws -> Int32 {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else { throw PostgresTestServer.Failure("frontline did not exit") }
        Thread.sleep(forTimeInterval: 0.1)  // the last of standard error
        return process.terminationStatus
    }

    /// SIGKILL: no clean-up of any kind.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Ends the process if it still runs.
    func end() {
        if process.isRunning { kill() }
    }
}
