import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the REPL writes: standard output (or a buffer in tests), with what is known about it.
public final class TerminalOutput {
    /// Whether output goes to a terminal (colours, pager and prompts are for terminals only).
    public let isTerminal: Bool
    /// How text is styled.
    public let theme: Theme
    private let fileDescriptor: Int32?
    /// What was written, when writing to a buffer.
    public private(set) var captured = ""
    private let fixedSize: (columns: Int, rows: Int)?

    /// Output to standard output, styled by `Theme.forOutput` for `environment`.
    ///
    /// - Parameter isTerminal: whether to treat the output as a terminal (colours, pager); by default,
    ///   whether standard output is one.
    public init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.isTerminal = isTerminal
        self.theme = Theme.forOutput(isTerminal: isTerminal, environment: environment)
        self.fileDescriptor = STDOUT_FILENO
        self.fixedSize = isTerminal ? nil : (Self.columns(fromEnvironment: environment) ?? 80, Int.max)
    }

    /// Output collected in ``captured``, as if written to a `columns`-wide terminal or pipe.
    public init(capturingWithTheme theme: Theme, columns: Int = 80, rows: Int = Int.max) {
        self.isTerminal = false
        self.theme = theme
        self.fileDescriptor = nil
        self.fixedSize = (columns, rows)
    }

    /// The width to render to: the terminal's, else `$COLUMNS`, else 80.
    public var columns: Int {
        if let fixedSize { return fixedSize.columns }
        return windowSize()?.columns ?? 80
    }

    /// The terminal's height, or `Int.max` when output is not a terminal (it is never paged).
    public var rows: Int {
        if let fixedSize { return fixedSize.rows }
        return windowSize()?.rows ?? 24
    }

    /// Writes `lines`, styled; stops early when Ctrl-C is pressed. A line wider than ``columns`` is
    /// wrapped at word boundaries by display width rather than left for the terminal to cut mid-word.
    public func write(_ lines: [StyledLine]) {
        let width = columns
        var lines = lines
        if lines.contains(where: { $0.width > width }) {
            lines = lines.flatMap { $0.width > width ? TextWrapper.wrap([$0.spans], width: width) : [$0] }
        }
        // Write in chunks so that Ctrl-C can stop a long listing.
        var start = 0
        while start < lines.count {
            if Interrupt.isPending, isTerminal { return }
            let end = min(lines.count, start + 200)
            write(theme.encode(Array(lines[start..<end])))
            start = end
        }
    }

    /// Writes one styled line.
    public func write(_ line: StyledLine) { write([line]) }

    /// Writes `text` (sanitised) followed by a line feed, wrapped by display width to ``columns``.
    public func writeLine(_ text: String, style: TextStyle = []) {
        write(TextWrapper.wrap([[StyledSpan(text, style: style)]], width: columns))
    }

    /// Writes `error: message` to standard error (or the capture buffer), in the error colour on a terminal.
    public func writeError(_ message: String) { writeLabelled("error: ", style: .error, message) }

    /// Writes `warning: message` to standard error (or the capture buffer).
    public func writeWarning(_ message: String) { writeLabelled("warning: ", style: .warning, message) }

    /// Writes a content diagnostic (`path:line:column: error: message`, which carries its own label)
    /// to standard error.
    public func writeDiagnostic(_ diagnostic: String) { writeLabelled("", style: [], diagnostic) }

    private func writeLabelled(_ label: String, style: TextStyle, _ message: String) {
        let lines = TextWrapper.wrap([StyledSpan(message)], width: columns, hangingAfter: StyledLine(label, style: style))
        let text = theme.encode(lines)
        if fileDescriptor == nil {
            captured += text
        } else {
            Self.writeAll(text, to: STDERR_FILENO)
        }
    }

    /// Writes raw text, already encoded by the theme.
    func write(_ text: String) {
        guard let fileDescriptor else {
            captured += text
            return
        }
        Self.writeAll(text, to: fileDescriptor)
    }

    /// Writes `text` in full, retrying after interruptions; gives up quietly when the reader has gone.
    static func writeAll(_ text: String, to fileDescriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { buffer in
            while offset < buffer.count {
                let written = Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    private func windowSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    private static func columns(fromEnvironment environment: [String: String]) -> Int? {
        guard let value = environment["COLUMNS"].flatMap(Int.init), value >= 20 else { return nil }
        return min(value, 1000)
    }
}
