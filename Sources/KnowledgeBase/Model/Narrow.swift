/// An `Int` stored in a narrower integer type (clamped to its range), for values that are small
/// but held by every section or article of a large knowledge base: levels, line numbers, dates.
@propertyWrapper
public struct Narrow<Storage: FixedWidthInteger & Sendable>: Sendable, Hashable {
    private var storage: Storage

    public init(wrappedValue: Int) { storage = Storage(clamping: wrappedValue) }

    public var wrappedValue: Int {
        get { Int(storage) }
        set { storage = Storage(clamping: newValue) }
    }
}
