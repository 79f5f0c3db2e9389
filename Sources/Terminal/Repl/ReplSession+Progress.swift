import Foundation
import Progress

extension ReplSession {
    /// The trainee's progress store (`--trainee`, `--data`, else their defaults), opened on first use.
    func progressStore() throws(CommandError) -> ProgressStore {
        if let store = openedProgressStore { return store }
        let url = ProgressLocation.databaseURL(option: options.dataPath, environment: options.environment)
        let trainee = ProgressLocation.trainee(option: options.trainee, environment: options.environment)
        do {
            let store = try ProgressStore(url: url, trainee: trainee)
            openedProgressStore = store
            return store
        } catch {
            throw .failed(error.description)
        }
    }

    /// Writes text that a training renderer already styled (its escape codes follow ``TerminalOutput/theme``).
    func writeRendered(_ text: String) {
        output.write(text.hasSuffix("\n") ? text : text + "\n")
    }
}
