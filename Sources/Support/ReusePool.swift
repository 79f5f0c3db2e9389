import Foundation

/// Objects that are costly to make and must not be used by two threads at once (stemmers, search
/// scratch, compression contexts), lent out one caller at a time and kept for reuse.
public final class ReusePool<Resource>: @unchecked Sendable {
    @usableFromInline let lock = NSLock()
    @usableFromInline var idle: [Resource] = []

    public init() {}

    /// Runs `body` with an idle resource, or one from `make` when none is idle; no other thread
    /// uses it meanwhile, and it goes back to the pool afterwards.
    ///
    /// Inlinable, so that callers in other modules get it specialised to their resource: generic,
    /// it looked up type metadata on every call.
    @inlinable
    public func withResource<Result>(make: () -> Resource, _ body: (Resource) throws -> Result) rethrows -> Result {
        lock.lock()
        let resource = idle.popLast() ?? make()
        lock.unlock()
        defer {
            lock.lock()
            idle.append(resource)
            lock.unlock()
        }
        return try body(resource)
    }

    /// Drops every idle resource.
    public func removeAll() {
        lock.lock()
        idle.removeAll()
        lock.unlock()
    }
}
