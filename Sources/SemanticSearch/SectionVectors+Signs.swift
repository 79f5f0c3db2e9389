import CIntrinsics

/// The first, quick step of scoring a query: the passages whose sign bits differ least from the
/// query's, the only ones scored exactly.
extension SectionVectors {
    /// How many 64-bit words hold the signs of a vector of `dimension` values.
    static func signWords(dimension: Int) -> Int { (dimension + 63) / 64 }

    /// The sign bits of a vector (set where the value is positive), appended to `signs`.
    static func appendSigns(of row: UnsafeBufferPointer<Int8>, to signs: inout [UInt64]) {
        for word in 0..<signWords(dimension: row.count) {
            let start = word * 64
            var bits: UInt64 = 0
            for bit in 0..<min(64, row.count - start) {
                // The top bit of −value: set exactly where the value is positive.
                bits |= (UInt64(bitPattern: 0 &- Int64(row[start &+ bit])) >> 63) << UInt64(bit)
            }
            signs.append(bits)
        }
    }

    /// The ``exactlyScored`` passages whose signs differ least from the query's (all of them when
    /// there are no more), in index order.
    func closestPassages(to query: [Int8]) -> [Int] {
        let count = passageSections.count
        guard count > Self.exactlyScored else { return Array(0..<count) }
        var querySigns: [UInt64] = []
        query.withUnsafeBufferPointer { Self.appendSigns(of: $0, to: &querySigns) }
        var distances = [UInt16](repeating: 0, count: count)
        signs.withUnsafeBufferPointer { signs in
            querySigns.withUnsafeBufferPointer { querySigns in
                distances.withUnsafeMutableBufferPointer { distances in
                    frontline_hamming_rows(
                        signs.baseAddress!, count, Self.signWords(dimension: dimension), querySigns.baseAddress!, distances.baseAddress!)
                }
            }
        }
        // The distance at which the closest `exactlyScored` are reached; ties there go in index order.
        var histogram = [Int](repeating: 0, count: dimension + 1)
        for distance in distances { histogram[Int(distance)] += 1 }
        var cutoff = 0
        var closer = 0
        while closer + histogram[cutoff] < Self.exactlyScored {
            closer += histogram[cutoff]
            cutoff += 1
        }
        var tiesLeft = Self.exactlyScored - closer
        var chosen: [Int] = []
        chosen.reserveCapacity(Self.exactlyScored)
        for (passage, distance) in distances.enumerated() {
            if Int(distance) < cutoff {
                chosen.append(passage)
            } else if Int(distance) == cutoff && tiesLeft > 0 {
                chosen.append(passage)
                tiesLeft -= 1
            }
        }
        return chosen
    }
}
