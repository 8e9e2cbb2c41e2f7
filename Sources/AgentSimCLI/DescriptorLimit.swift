import Foundation

/// The open-files limit (`ulimit -n`) and what it leaves for HTTP requests in flight: each request holds a socket,
/// and a process out of descriptors fails deep inside the runtime instead of with a message.
enum DescriptorLimit {
    /// Descriptors kept for everything but requests: standard streams, the event loops' epoll, eventfd and timer
    /// descriptors, the verify request, files and pipes opened by the runtime.
    static let reserve = 64

    /// Raises the soft limit to the hard one, and returns `requested` capped so that `sinks` HTTP sinks with that
    /// many requests each, `reserved` other descriptors and ``reserve`` fit under it (at least 1).
    static func inFlight(_ requested: Int, sinks: Int, reserved: Int) -> Int {
        guard sinks > 0 else { return requested }
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return requested }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur)
        let loops = ProcessInfo.processInfo.activeProcessorCount * 4
        let room = (available - reserve - loops - reserved) / sinks
        return max(1, min(requested, room))
    }
}
