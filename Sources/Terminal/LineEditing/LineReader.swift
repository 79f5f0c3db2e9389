import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the REPL's commands come from.
public protocol LineReader: AnyObject {
    /// The next line without its line feed, or `nil` at the end of input (Ctrl-D).
    func readLine(prompt: String) -> String?
    /// Records a line the user entered, for recall and for the next session.
    func remember(_ line: String)
    /// Switches recall to the history of `context`: commands and searches, or the replies of one
    /// conversation (a scenario or quiz), which start empty and are never saved.
    func useHistory(of context: HistoryContext)
}

/// Whose lines Up and Ctrl-R walk through.
public enum HistoryContext: Equatable, Sendable {
    /// Commands and searches at the main prompt (saved between sessions).
    case commands
    /// The replies typed in one conversation, named by what started it.
    case conversation(String)
}

extension LineReader {
    /// Readers without recall ignore the switch.
    public func useHistory(of context: HistoryContext) {}
}

/// Reads lines from a file descriptor without prompts or echo: for piped input and scripts.
///
/// Invalid UTF-8 is decoded with replacement characters; a line longer than ``maximumLineLength`` bytes
/// is cut there (the rest of it is skipped).
public final class PlainLineReader: LineReader {
    /// The longest line kept, in bytes.
    public static let maximumLineLength = 1 << 20

    private let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var isAtEnd = false

    /// A reader of `fileDescriptor` (standard input by default).
    public init(fileDescriptor: Int32 = STDIN_FILENO) {
        self.fileDescriptor = fileDescriptor
    }

    /// The next line; the prompt is not shown (input is not a terminal).
    public func readLine(prompt: String) -> String? {
        var line: [UInt8] = []
        var isSkipping = false
        while true {
            if position >= buffer.count {
                guard fill() else {
                    if line.isEmpty && !isSkipping { return nil }
                    return decode(line)
                }
            }
            let available = buffer[position...]
            if let newline = available.firstIndex(of: 0x0A) {
                if !isSkipping { append(available[position..<newline], to: &line, skipping: &isSkipping) }
                position = newline + 1
                return decode(line)
            }
            if !isSkipping { append(available, to: &line, skipping: &isSkipping) }
            position = buffer.count
        }
    }

    /// Scripts keep no history.
    public func remember(_ line: String) {}

    private func append(_ bytes: ArraySlice<UInt8>, to line: inout [UInt8], skipping: inout Bool) {
        let room = Self.maximumLineLength - line.count
        if bytes.count > room {
            line += bytes.prefix(room)
            skipping = true
        } else {
            line += bytes
        }
    }

    private func decode(_ bytes: [UInt8]) -> String {
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the next chunk; `false` at the end of input.
    private func fill() -> Bool {
        guard !isAtEnd else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                isAtEnd = true
                return false
            }
            buffer = Array(chunk[0..<count])
            position = 0
            return true
        }
    }
}
