import Foundation

/// Where the progress database lives and whose progress it is, from options, environment and defaults.
public enum ProgressLocation {
    /// The file name inside the data folder.
    public static let fileName = "progress.sqlite"

    /// The database file: `--data PATH`, else `FRONTLINE_DATA`, else `$XDG_DATA_HOME/frontline/progress.sqlite`,
    /// else `~/.local/share/frontline/progress.sqlite`.
    ///
    /// A `PATH` naming an existing folder means the file `progress.sqlite` inside it.
    public static func databaseURL(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let path = option ?? nonEmpty(environment["FRONTLINE_DATA"]) {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return url.appendingPathComponent(fileName)
            }
            return url
        }
        let base: URL
        if let xdg = nonEmpty(environment["XDG_DATA_HOME"]), xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else {
            let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return base.appendingPathComponent("frontline").appendingPathComponent(fileName)
    }

    /// The trainee: `--trainee NAME`, else the login name (`USER`, then `LOGNAME`), else `trainee`.
    public static func trainee(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let name = option.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }), !name.isEmpty { return name }
        return nonEmpty(environment["USER"]) ?? nonEmpty(environment["LOGNAME"]) ?? "trainee"
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
