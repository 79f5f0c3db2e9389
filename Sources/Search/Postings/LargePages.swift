import CIntrinsics
import Foundation
import KnowledgeBase

extension Array {
    /// Reserves room for at least `count` elements, asking for it in large pages (see
    /// ``Swift/UnsafeMutableBufferPointer/adviseLargePages()``).
    mutating func reserveLargeCapacity(_ count: Int) {
        reserveCapacity(count)
        let capacity = self.capacity
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            UnsafeMutableBufferPointer(start: base, count: capacity).adviseLargePages()
        }
    }
}

extension UnsafeMutableBufferPointer {
    /// Asks the kernel to back the buffer's memory with 2 MB pages where it can, before it is first
    /// written: the index's largest arrays would otherwise fault 4 KB at a time (each fault costs
    /// microseconds in a virtual machine) and fill the processor's address cache with their pages.
    /// A hint only: the memory and its contents are the same either way.
    func adviseLargePages() {
        guard let base = baseAddress, count * MemoryLayout<Element>.stride >= 4 << 20 else { return }
        frontline_advise_large_pages(UnsafeMutableRawPointer(base), count * MemoryLayout<Element>.stride)
    }
}
