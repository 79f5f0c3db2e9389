extension Range<Int> {
    /// The first position where `isPast` holds (false, then true, over the range), or the range's
    /// end: a binary search.
    @inline(__always)
    func partitionPoint(_ isPast: (Int) -> Bool) -> Int {
        var low = lowerBound
        var high = upperBound
        while low < high {
            let middle = (low &+ high) >> 1
            if isPast(middle) { high = middle } else { low = middle &+ 1 }
        }
        return low
    }
}
