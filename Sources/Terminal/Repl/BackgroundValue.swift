import Foundation

/// A value computed on a background thread, so that work the prompt does not need (building the
/// search index) runs while the user types the first command.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    /// Starts computing `make()` at once on a background queue.
    public init(_ make: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result = make()
            condition.lock()
            value = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The value, waiting for it if it is not ready yet.
    public var wrappedValue: Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }

    /// The value if it is ready, without waiting.
    public var valueIfReady: Value? {
        condition.lock()
        defer { condition.unlock() }
        return value
    }
}
