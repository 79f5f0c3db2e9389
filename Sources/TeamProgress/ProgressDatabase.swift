import Foundation
import Progress

/// Opens the progress store a destination names: an SQLite file, or a team's PostgreSQL server.
public enum ProgressDatabase {
    /// The store at `destination`.
    ///
    /// - Parameter trainee: `--trainee`, if given. For a file it names whose records to use (default:
    ///   the login name); for a server the trainee is the role that logged in (see ``PostgresProgressStore``).
    public static func open(
        _ destination: ProgressLocation.Destination, trainee: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ProgressStoreError) -> any ProgressStore {
        switch destination {
        case .file(let url):
            return try SQLiteProgressStore(url: url, trainee: ProgressLocation.trainee(option: trainee, environment: environment))
        case .server(let url):
            let address = try ServerAddress(url: url, environment: environment)
            let requested = trainee.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            return try PostgresProgressStore(address: address, trainee: requested)
        }
    }
}
