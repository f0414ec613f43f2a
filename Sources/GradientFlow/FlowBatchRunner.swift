import Foundation

/// Many independent runs in one process (issue 17, `flow --batch`): run `i`
/// is dealt to the next free worker thread, and its result is handed back on
/// the calling thread strictly in index order, so what a batch writes never
/// depends on the number of threads or on which thread ran what.
///
/// Each run must be self-contained (`FlowExperiment` and the problems are
/// values; a CVODE run makes its own context). OpenBLAS runs on the calling
/// worker: the caller sets one BLAS thread first (`BLASThreads.useOne()`), so
/// two workers do not start helper threads of their own.
public struct FlowBatchRunner: Sendable {
    /// Worker threads (at least 1; never more than there are runs).
    public let threads: Int
    /// Stack of each worker: the main thread's 8 MiB, as a one-run process has.
    public static let stackSize = 8 << 20

    public init(threads: Int) { self.threads = max(1, threads) }

    /// Runs `work(0) … work(count − 1)` on the workers and calls `deliver(i, result)`
    /// on the calling thread for i = 0, 1, … in order, each as soon as it and
    /// every earlier one are done. `finished(done)` is called on the calling
    /// thread whenever a run ends (in any order), with the number done so far.
    ///
    /// When run `k` throws, runs after `k` are not started, the runs before it
    /// are finished and delivered, and then `k`'s error is thrown: the same
    /// outcome with any number of threads. When `deliver` throws, no further
    /// run starts; the error is thrown once the running ones have ended.
    public func run<Result: Sendable>(count: Int, work: @escaping @Sendable (Int) throws -> Result,
                                      deliver: (Int, Result) throws -> Void,
                                      finished: ((Int) -> Void)? = nil) throws {
        guard count > 0 else { return }
        let workers = min(threads, count)
        let state = BatchState<Result>(count: count, workers: workers)
        for _ in 0..<workers {
            let thread = Thread { state.work(work) }
            thread.stackSize = FlowBatchRunner.stackSize
            thread.start()
        }
        var failure: (any Error)?
        var reported = 0
        for index in 0..<count {
            let outcome = state.take(index) { done in
                if done != reported { reported = done; finished?(done) }
            }
            switch outcome {
            case .success(let result):
                do { try deliver(index, result) } catch { failure = error }
            case .failure(let error):
                failure = error
            }
            if failure != nil { break }
        }
        state.stopAndWait()
        if let failure { throw failure }
    }
}

/// What the workers and the delivering thread share, behind one condition.
private final class BatchState<Result: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `condition` is locked.
    private enum Slot {
        case pending
        case done(Swift.Result<Result, any Error>)
        case delivered
    }

    private let condition = NSCondition()
    private var slots: [Slot]
    /// The next run to start.
    private var next = 0
    /// Runs at or after this index are never started (a run before it failed, or delivery stopped).
    private var limit: Int
    /// Workers that have not returned (counted before they start).
    private var running: Int
    private var done = 0

    init(count: Int, workers: Int) {
        slots = Array(repeating: .pending, count: count)
        limit = count
        running = workers
    }

    /// One worker: takes runs in index order until none is left to start.
    func work(_ body: @Sendable (Int) throws -> Result) {
        condition.lock()
        while next < limit {
            let index = next
            next += 1
            condition.unlock()
            let outcome = Swift.Result { try body(index) }
            condition.lock()
            slots[index] = .done(outcome)
            done += 1
            // Indices below a failed run were all handed out already (they are
            // taken in order); nothing after it starts.
            if case .failure = outcome { limit = min(limit, index + 1) }
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for run `index` and takes its outcome; `progress(done)` is called
    /// (with the lock released) each time the wait wakes.
    func take(_ index: Int, progress: (Int) -> Void) -> Swift.Result<Result, any Error> {
        condition.lock()
        while true {
            if case .done(let outcome) = slots[index] {
                slots[index] = .delivered
                let count = done
                condition.unlock()
                progress(count)
                return outcome
            }
            let count = done
            condition.unlock()
            progress(count)
            condition.lock()
            if case .pending = slots[index] { condition.wait() }
        }
    }

    /// Starts nothing more and waits until every worker has returned.
    func stopAndWait() {
        condition.lock()
        limit = 0
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
