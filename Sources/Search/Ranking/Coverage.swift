import Foundation

/// The coverage boost of a document: how much of the query (by position weight) it matched, to the
/// power 1.5, so that documents matching more of the query rank first. (Squared, one incidental rare
/// word could outweigh the query's key word; 1.5 ranked better on every judged set's tuning half.)
///
/// A query of up to eight positions has every boost worked out at the start, one per set of
/// positions: the division is slow, and the documents of a block alternate between a few sets.
/// Longer queries remember the last set's boost.
struct Coverage {
    private let weights: [Float]
    private let allPositions: UInt32
    private let total: Float
    /// The boost of each set of positions, by its bits; empty when a query has more than
    /// ``tabulatedPositions`` positions.
    private let boosts: [Float]
    private var lastMatched: UInt32 = 0
    private var lastBoost: Float = -1

    /// The most positions whose boosts are tabulated (256 of them).
    static let tabulatedPositions = 8

    init(_ plan: QueryPlan) {
        weights = plan.positionWeights
        allPositions = plan.allPositions
        total = plan.positionWeights.reduce(0, +)
        let width = UInt32.bitWidth - allPositions.leadingZeroBitCount
        guard width <= Self.tabulatedPositions else {
            boosts = []
            return
        }
        // Each set's weight is the set without its highest position plus that position's weight:
        // the same additions, in the same order, as summing the set's positions from the lowest.
        // The weights are worked out in place first, then turned into boosts.
        var table = [Float](repeating: 0, count: 1 << width)
        for set in table.indices.dropFirst() {
            let highest = Int.bitWidth - 1 - set.leadingZeroBitCount
            let weight = allPositions & (1 << UInt32(highest)) != 0 ? weights[highest] : 0
            table[set] = table[set & ~(1 << highest)] + weight
        }
        for set in table.indices { table[set] = Self.boost(weight: table[set], total: total) }
        boosts = table
    }

    /// The boost of a document that matched the positions `matched` (bits).
    @inline(__always)
    mutating func boost(_ matched: UInt32) -> Float {
        let bits = matched & allPositions
        if !boosts.isEmpty { return boosts[Int(bits)] }
        if matched == lastMatched, lastBoost >= 0 { return lastBoost }
        var matchedWeight: Float = 0
        var remaining = bits
        while remaining != 0 {
            matchedWeight += weights[remaining.trailingZeroBitCount]
            remaining &= remaining &- 1
        }
        lastMatched = matched
        lastBoost = Self.boost(weight: matchedWeight, total: total)
        return lastBoost
    }

    /// The boost of a matched weight of `weight` out of `total`.
    @inline(__always)
    private static func boost(weight: Float, total: Float) -> Float {
        let coverage = total > 0 ? min(1, weight / total) : 1
        return pow(coverage, SearchIndex.Weights.coverage)
    }
}
