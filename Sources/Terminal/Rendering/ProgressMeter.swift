import Foundation

/// A one-line progress bar on standard error, for work that may take a while: drawn only on a
/// terminal, and only once the work has run for a second (quick work shows nothing).
///
/// Safe to update from several threads.
public final class ProgressMeter: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private let isTerminal = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
    private let lock = NSLock()
    private var lastDrawn = -1
    private var hasDrawn = false

    /// A meter that will say `label` beside the bar.
    public init(label: String) {
        self.label = label
    }

    /// Records that `done` of `total` steps are done, redrawing the bar when its percentage moved.
    public func update(done: Int, total: Int) {
        guard isTerminal, total > 0, Date().timeIntervalSince(start) >= 1 else { return }
        let percent = min(100, done * 100 / total)
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        hasDrawn = true
        let width = 24
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(percent)%  \(label)  \u{1B}[K".utf8))
    }

    /// Clears the bar, if one was drawn.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if hasDrawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        hasDrawn = false
    }
}
