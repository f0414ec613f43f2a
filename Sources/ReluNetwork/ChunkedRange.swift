import Dispatch
import Foundation

/// `count` items split into `chunks` contiguous, nearly equal ranges: the one
/// split of every parallel pass (invariants, scans, Monte Carlo tallies,
/// Betti numbers). Results are gathered in chunk order, so they never depend
/// on how many cores ran them.
public struct ChunkedRange: Sendable {
    public let count: Int
    public let chunks: Int

    /// At most `chunks` ranges (at least one, none empty unless `count` is 0).
    public init(count: Int, chunks: Int) {
        self.count = max(0, count)
        self.chunks = max(1, min(chunks, max(1, count)))
    }

    /// The items of chunk `chunk`.
    public func range(_ chunk: Int) -> Range<Int> {
        (chunk * count / chunks)..<((chunk + 1) * count / chunks)
    }

    /// `body` of every chunk's range, on all cores (one chunk: on the calling
    /// thread), in chunk order. Each worker writes only its own slot while
    /// the caller waits (`concurrentPerform` returns after all of them).
    public func map<T>(_ body: @Sendable (Range<Int>) -> T) -> [T] {
        if chunks == 1 { return [body(0..<count)] }
        var results = [T?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let slots = DisjointSlots(base: base)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                slots.base[chunk] = body(range(chunk))
            }
        }
        return results.compactMap { $0 }
    }

    /// The processors this process may run on (at least 1).
    public static var processors: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Slots that concurrent workers write, each worker only its own index: no
/// two threads touch the same element, hence `@unchecked Sendable`.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
