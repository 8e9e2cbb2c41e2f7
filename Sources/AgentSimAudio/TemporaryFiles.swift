import Foundation
import Synchronization

/// The temporary files being written right now (``AtomicFile/Writer``'s), removed if the process is interrupted
/// (SIGINT, SIGTERM, SIGHUP) or traps (SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS), so that no `.NAME.tmp-…` file is
/// left behind whatever ends the run.
///
/// The handlers are installed with the first registered file. They only call `unlink`, `sigaction` and `raise`
/// (async-signal-safe) on a fixed table of C strings that is never freed: registering and unregistering take a lock
/// among threads, the handler reads the table without one. An interrupting signal then ends the process as it would
/// have (status 128 + N); a trap goes on to the handler that was there before (Swift's backtracer, or the default).
public enum TemporaryFiles {
    /// Files tracked at once; more are still written and removed normally, just not on a signal.
    static let capacity = 64

    /// Registers `path` for removal on a signal.
    public static func register(_ path: String) {
        registry.withLock { installed in
            if !installed {
                installHandlers()
                installed = true
            }
            for slot in 0..<capacity where table[slot] == nil {
                table[slot] = strdup(path)
                return
            }
        }
    }

    /// Forgets `path` (it was renamed into place or removed).
    public static func unregister(_ path: String) {
        registry.withLock { _ in
            for slot in 0..<capacity {
                guard let entry = table[slot], strcmp(entry, path) == 0 else { continue }
                table[slot] = nil
                // The string is not freed: a handler running on another thread may be reading it.
                return
            }
        }
    }

    /// The paths registered now (tests).
    public static var registered: [String] {
        registry.withLock { _ in (0..<capacity).compactMap { table[$0].map { String(cString: $0) } } }
    }

    /// Whether the handlers are installed; guards the table among threads.
    private static let registry = Mutex(false)

    private static let interrupting: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private static let trapping: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS]

    private static func installHandlers() {
        for signal in interrupting + trapping {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = temporaryFilesSignalHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO
            var previous = sigaction()
            guard sigaction(signal, &action, &previous) == 0 else { continue }
            // A signal the process ignores (`nohup`, a background job's SIGINT) stays ignored.
            // SIG_IGN is the handler value 1.
            if interrupting.contains(signal), unsafeBitCast(previous.__sigaction_handler, to: Int.self) == 1 {
                sigaction(signal, &previous, nil)
                continue
            }
            previousActions[Int(signal)] = previous
        }
    }
}

/// The table of registered paths: C strings, read by the signal handler without a lock.
nonisolated(unsafe) private let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: TemporaryFiles.capacity)
    table.initialize(repeating: nil, count: TemporaryFiles.capacity)
    return table
}()

/// The actions replaced, by signal number, put back before the signal is delivered again.
nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    actions.initialize(repeating: sigaction(), count: 65)
    return actions
}()

/// Removes every registered file, then lets the signal do what it did before:
/// - an interrupting signal: the previous action is put back and the signal raised again (ending the process);
/// - SIGABRT: the previous handler runs (Swift's backtracer prints the crash), then the default action ends the
///   process, also when the abort came from `kill` (the backtracer alone returns from one, and the run would go on
///   without its files);
/// - a fault (SIGILL, SIGTRAP, SIGSEGV, SIGBUS): the previous action is put back and the faulting instruction,
///   run again, faults again into it.
private func temporaryFilesSignalHandler(
    _ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    for slot in 0..<TemporaryFiles.capacity {
        if let path = table[slot] { unlink(path) }
    }
    let previous = previousActions + Int(signal)
    // A fault signal sent by another process (`kill -SEGV`, si_code ≤ 0: SI_USER, SI_TKILL, SI_QUEUE) faults no
    // instruction, so returning would go on with the run; it ends the process by its default action instead.
    let interrupting = signal == SIGINT || signal == SIGTERM || signal == SIGHUP
    if !interrupting, signal != SIGABRT, info.map({ $0.pointee.si_code <= 0 }) ?? true {
        var fallback = sigaction()
        sigemptyset(&fallback.sa_mask)
        sigaction(signal, &fallback, nil)  // SIG_DFL
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        raise(signal)
        return
    }
    if signal == SIGABRT {
        if previous.pointee.sa_flags & SA_SIGINFO != 0, let handler = previous.pointee.__sigaction_handler.sa_sigaction
        {
            handler(signal, info, context)
        } else if let handler = previous.pointee.__sigaction_handler.sa_handler,
            unsafeBitCast(handler, to: Int.self) > 1
        {
            handler(signal)
        }
        var fallback = sigaction()
        sigemptyset(&fallback.sa_mask)
        sigaction(signal, &fallback, nil)  // SIG_DFL
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        raise(signal)
        return
    }
    sigaction(signal, previous, nil)
    if interrupting { raise(signal) }
}
