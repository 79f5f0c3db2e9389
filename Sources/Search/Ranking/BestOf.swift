import Foundation

/// The best `limit` elements offered so far, best first, in a small sorted array.
struct BestOf<Element> {
    let limit: Int
    private(set) var elements: [Element] = []
    private let isBetter: (Element, Element) -> Bool

    init(limit: Int, isBetter: @escaping (Element, Element) -> Bool) {
        self.limit = limit
        self.isBetter = isBetter
        if limit > 0 { elements.reserveCapacity(limit + 1) }
    }

    /// The elements once there are `limit` of them, else nil.
    var full: [Element]? { limit > 0 && elements.count == limit ? elements : nil }

    /// Keeps `candidate` if it is among the best `limit` so far.
    @inline(__always)
    mutating func offer(_ candidate: Element) {
        if elements.count == limit, let last = elements.last, !isBetter(candidate, last) { return }
        var slot = elements.count
        while slot > 0, isBetter(candidate, elements[slot - 1]) { slot -= 1 }
        elements.insert(candidate, at: slot)
        if elements.count > limit { elements.removeLast() }
    }
}
