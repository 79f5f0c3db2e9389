import Foundation
import Progress
import TeamProgress

/// Quiz answers per second for a team answering at once: `trainees` threads, each with its own
/// connection as its own login, each recording `answers` answers (one transaction each, as the
/// quiz does), against a PostgreSQL team database; then the same load on one shared SQLite file.
struct TeamLoadMeasurement: Codable {
    var trainees: Int
    var answersEach: Int
    var postgres: Load
    var sqlite: Load

    /// One store's figures.
    struct Load: Codable {
        var answersPerSecond: Double
        var p50Ms: Double
        var p99Ms: Double
        var seconds: Double
        /// Answers found stored afterwards (must be trainees × answers).
        var stored: Int
    }

    static func run(adminURL: String, trainees: Int, answersEach: Int) throws -> TeamLoadMeasurement {
        let address = try ServerAddress(url: adminURL)
        let administration = try TeamAdministration(address: address)
        _ = try administration.initialise()
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let names = (0..<trainees).map { "load_\(run)_\($0)" }
        let password = UUID().uuidString
        for name in names { _ = try administration.addMember(name, password: password, group: TeamSchema.traineeGroup) }
        let postgres = try measure(names: names, answersEach: answersEach) { name in
            var trainee = address
            trainee.user = name
            trainee.password = password
            return try PostgresProgressStore(address: trainee)
        }
        let reader = try PostgresProgressStore(address: address)
        let postgresStored = try names.reduce(0) { $0 + (try reader.quizAnswers(trainee: $1).count) }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-team-load-\(run)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("progress.sqlite")
        let sqlite = try measure(names: names, answersEach: answersEach) { name in try SQLiteProgressStore(url: file, trainee: name) }
        let local = try SQLiteProgressStore(url: file, trainee: names[0])
        let sqliteStored = try names.reduce(0) { $0 + (try local.quizAnswers(trainee: $1).count) }
        var result = TeamLoadMeasurement(trainees: trainees, answersEach: answersEach, postgres: postgres, sqlite: sqlite)
        result.postgres.stored = postgresStored
        result.sqlite.stored = sqliteStored
        return result
    }

    /// Opens one store per trainee, then has every trainee record their answers at once.
    private static func measure(names: [String], answersEach: Int, open: (String) throws -> any ProgressStore) throws -> Load {
        let stores = try names.map(open)
        let latencies = LatencyLog()
        let failures = LatencyLog()
        let start = Measurement.now()
        // One thread per trainee (not a pool the width of the machine): twenty people answer at once.
        let group = DispatchGroup()
        for store in stores {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                answer(into: store)
            }
        }
        group.wait()
        @Sendable func answer(into store: any ProgressStore) {
            for number in 0..<answersEach {
                let date = Date(timeIntervalSince1970: 1_800_000_000 + Double(number))
                let answer = QuizAnswerRecord(
                    questionID: "load-\(number)", competency: "refunds-and-orders", articleID: "refunds", response: "thirty days",
                    isCorrect: number % 3 != 0, rating: 3, answeredAt: date)
                let state = ReviewStateRecord(
                    questionID: answer.questionID, stability: 2.5, difficulty: 5, dueAt: date.addingTimeInterval(86_400),
                    lastReviewAt: date,
                    reviewCount: 1, lapseCount: 0)
                let before = Measurement.now()
                do {
                    try store.record(answer, state: state)
                    latencies.add(Measurement.now() - before)
                } catch {
                    failures.add(0)
                }
            }
        }
        let seconds = Measurement.now() - start
        guard failures.count == 0 else { throw BenchError(description: "\(failures.count) answers failed to record") }
        let sorted = latencies.sorted()
        return Load(
            answersPerSecond: Double(sorted.count) / seconds, p50Ms: sorted[sorted.count / 2] * 1000,
            p99Ms: sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1000, seconds: seconds, stored: 0)
    }

    var text: String {
        func line(_ name: String, _ load: Load) -> String {
            String(
                format: "%@  %7.0f answers/s  p50 %6.2f ms  p99 %6.2f ms  %5.2f s  stored %d",
                name.padding(toLength: 10, withPad: " ", startingAt: 0),
                load.answersPerSecond, load.p50Ms, load.p99Ms, load.seconds, load.stored)
        }
        return "\(trainees) trainees × \(answersEach) answers, one transaction each\n" + line("postgres", postgres) + "\n"
            + line("sqlite", sqlite)
    }
}

/// Durations in seconds from several threads.
final class LatencyLog: @unchecked Sendable {
    private var values: [Double] = []
    private let lock = NSLock()

    func add(_ value: Double) { lock.withLock { values.append(value) } }
    var count: Int { lock.withLock { values.count } }
    func sorted() -> [Double] { lock.withLock { values.sorted() } }
}
