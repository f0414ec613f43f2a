import Foundation
import Testing
@testable import GradientFlow

/// `FlowBatchRunner` (issue 17): results come back in index order whatever the
/// number of threads and the order the runs finish in, and a failure stops
/// the batch at the same place with any number of threads.
@Suite struct FlowBatchRunnerTests {
    struct Failure: Error, Equatable { let index: Int }

    /// Runs finish out of order (later indices sleep less), yet every result is
    /// delivered once, in order, with the value its own index gives.
    @Test(arguments: [1, 2, 3, 8])
    func deliversInIndexOrder(threads: Int) throws {
        let count = 25
        var delivered: [(Int, Int)] = []
        var reported: [Int] = []
        try FlowBatchRunner(threads: threads).run(count: count, work: { i in
            usleep(UInt32((count - i) % 4) * 500)
            return i * i + 1
        }, deliver: { delivered.append(($0, $1)) }, finished: { reported.append($0) })
        #expect(delivered.map(\.0) == Array(0..<count))
        #expect(delivered.map(\.1) == (0..<count).map { $0 * $0 + 1 })
        #expect(reported == reported.sorted() && Set(reported).count == reported.count)
        #expect(reported.last == count)
    }

    /// Runs 6 and 9 fail: runs 0…5 are delivered, then run 6's error is thrown
    /// (not 9's, which may have failed first on another thread).
    @Test(arguments: [1, 2, 4])
    func stopsAtTheFirstFailureInIndexOrder(threads: Int) {
        var delivered: [Int] = []
        #expect(throws: Failure(index: 6)) {
            try FlowBatchRunner(threads: threads).run(count: 20, work: { i in
                if i == 9 { throw Failure(index: 9) }
                if i == 6 { usleep(3000); throw Failure(index: 6) }
                return i
            }, deliver: { index, _ in delivered.append(index) })
        }
        #expect(delivered == Array(0..<6))
    }

    /// A failing delivery (a write) stops the batch and is what is thrown.
    @Test func deliveryFailureStopsTheBatch() {
        var delivered: [Int] = []
        #expect(throws: Failure(index: -2)) {
            try FlowBatchRunner(threads: 2).run(count: 50, work: { $0 }, deliver: { index, _ in
                delivered.append(index)
                if index == 2 { throw Failure(index: -2) }
            })
        }
        #expect(delivered == [0, 1, 2])
    }

    @Test func noRunsNoCalls() throws {
        var calls = 0
        try FlowBatchRunner(threads: 2).run(count: 0, work: { $0 }, deliver: { _, _ in calls += 1 }, finished: { _ in calls += 1 })
        #expect(calls == 0)
        #expect(FlowBatchRunner(threads: 0).threads == 1)
    }
}
