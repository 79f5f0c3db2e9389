import Foundation

/// Where the embedding model is looked for: `--model DIR`, else `FRONTLINE_MODEL`, else the
/// folder `scripts/setup` unpacks it to, `$XDG_DATA_HOME/frontline/models/all-MiniLM-L6-v2`
/// (`~/.local/share/…` when `XDG_DATA_HOME` is not set).
public enum ModelLocation {
    /// The model's folder name under the data folder.
    public static let defaultModelName = "all-MiniLM-L6-v2"

    /// The folder to load the model from.
    public static func directory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = environment["FRONTLINE_MODEL"], !variable.isEmpty { return variable }
        return defaultDirectory(environment: environment)
    }

    /// The folder `scripts/setup` unpacks the model to.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let data: String
        if let folder = environment["XDG_DATA_HOME"], folder.hasPrefix("/") {
            data = folder
        } else {
            data = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return data + "/frontline/models/" + defaultModelName
    }
}
