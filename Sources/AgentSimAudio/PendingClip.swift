import Foundation

/// A clip being made (or queued to be): claimed by exactly one thread, which makes it and hands the result to every
/// thread waiting for it.
final class PendingClip: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var claimed = false
    private var result: Result<Clip, AudioError>?

    /// Takes the job; false when another thread already has.
    func claim() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }

    /// Publishes the result and wakes the waiters.
    func finish(_ result: Result<Clip, AudioError>) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    /// The result, waiting for the thread that claimed the job.
    func wait() -> Result<Clip, AudioError> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}

/// The threads that encode clips asked for ahead (``ClipCache/prefetch(_:settings:)``): one per core, started on
/// first use, taking jobs in the order given. A job never waits for another job, so the pool cannot deadlock: a
/// request for a clip still queued makes it on the requesting thread instead of waiting.
final class ClipWorkers: @unchecked Sendable {
    static let shared = ClipWorkers(threads: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// The most threads the pool runs.
    let threads: Int
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var started = 0
    private var idle = 0

    init(threads: Int) {
        self.threads = threads
    }

    /// Queues `job`, starting a thread when none is idle and the pool is not full.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let startsThread = idle == 0 && started < threads
        if startsThread { started += 1 }
        condition.signal()
        condition.unlock()
        if startsThread {
            let thread = Thread { [self] in work() }
            thread.name = "agentsim-clips"
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            idle += 1
            while head == jobs.count { condition.wait() }
            idle -= 1
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
