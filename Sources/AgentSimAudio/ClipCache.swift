import Synchronization

/// Encodes each distinct (source, settings) once and hands the same ``Clip`` to every later request, across
/// concurrent sessions. Thread-safe: state lives in a `Mutex`; encoding happens outside the lock, by the first task to
/// ask (or by a worker, for a clip asked for ahead with ``prefetch(_:settings:)``); a task asking for a clip being
/// encoded waits for it. Errors are not cached (a missing recording may appear later).
///
/// Two kinds of clip:
/// - ``clip(_:settings:)``: the real audio, synthesised (or read) and Opus-encoded, for runs that write it.
/// - ``timingClip(_:settings:)``: for runs that write no audio, where only the clip's frames matter (its duration,
///   packet count, a barge-in's prefix). Every packet of an encoding lasts one frame whatever the words, so these are
///   shared by what decides their packets — frame count and settings — and made of real Opus packets (the encoder's
///   digital-silence frame, ``EncoderProfile``), each duration still read from the packets.
///
/// The cache is bounded in bytes (the Opus packets it holds): past ``maxBytes`` the clips stored first are
/// evicted, so a long load run with many distinct utterances keeps flat memory and only re-encodes.
public final class ClipCache: Sendable {
    /// Cache key: a source under particular settings, or a timing clip's frame count.
    private enum Key: Hashable, Sendable {
        case audio(ClipSource, AudioSettings)
        case frames(Int, AudioSettings)
        /// A recording's timing clip (its length needs the file read).
        case recordingTiming(String, AudioSettings)
    }

    private struct Entry: Sendable {
        let clip: Clip
        let bytes: Int
    }

    private enum Slot: Sendable {
        case ready(Entry)
        /// Being encoded, or queued for a worker.
        case pending(PendingClip)
    }

    /// Everything guarded by the lock.
    private struct State: Sendable {
        var clips: [Key: Slot] = [:]
        /// Keys in the order they were stored (oldest from `head` on), for eviction.
        var order: [Key] = []
        var head = 0
        var bytes = 0
        var hits = 0
        var misses = 0
        var evictions = 0
    }

    private let state = Mutex(State())

    /// The most packet bytes held at once (default 256 MiB, about 25 hours of speech at 24 kbit/s).
    public let maxBytes: Int

    /// How many clips a session asks for ahead of the one it is on (``prefetch(_:settings:)``): one per core.
    public static let prefetchDepth = ClipWorkers.shared.threads

    /// Creates an empty cache holding at most `maxBytes` of Opus packets.
    public init(maxBytes: Int = 256 << 20) {
        self.maxBytes = max(0, maxBytes)
    }

    /// The clip for `source` under `settings`, encoding it on first request.
    public func clip(_ source: ClipSource, settings: AudioSettings) throws(AudioError) -> Clip {
        try obtain(.audio(source, settings)) { () throws(AudioError) in try source.encode(settings: settings) }
    }

    /// A clip with the frames ``clip(_:settings:)`` would give `source` — the same duration, packet count and
    /// prefixes — made without synthesising or encoding it: for a run that writes no audio. A recording is still read
    /// for its length. Throws where ``clip(_:settings:)`` would for the duration, the settings or the file.
    public func timingClip(_ source: ClipSource, settings: AudioSettings) throws(AudioError) -> Clip {
        if case let .recording(path) = source {
            return try obtain(.recordingTiming(path, settings)) { () throws(AudioError) in
                try Self.silentClip(frames: source.frameCount(settings: settings), settings: settings)
            }
        }
        let frames = try source.frameCount(settings: settings)
        return try obtain(.frames(frames, settings)) { () throws(AudioError) in
            try Self.silentClip(frames: frames, settings: settings)
        }
    }

    /// `frames` real packets: the encoder's digital-silence frame for `settings`, repeated.
    private static func silentClip(frames: Int, settings: AudioSettings) throws(AudioError) -> Clip {
        let silent = try EncoderProfile.profile(for: settings).silentPacket
        return Clip(settings: settings, repeating: silent, count: frames)
    }

    /// Starts encoding `sources` on the worker threads (``ClipWorkers``), so a later ``clip(_:settings:)`` finds them
    /// done or under way. Sources already cached or under way are skipped; a failure is left for that later request
    /// to meet again. The clips are the ones ``clip(_:settings:)`` makes, whichever thread makes them.
    public func prefetch(_ sources: [ClipSource], settings: AudioSettings) {
        for source in sources {
            let key = Key.audio(source, settings)
            let queued: PendingClip? = state.withLock { state in
                guard state.clips[key] == nil else { return nil }
                let pending = PendingClip()
                state.clips[key] = .pending(pending)
                return pending
            }
            guard let queued else { continue }
            ClipWorkers.shared.submit { [self] in
                guard queued.claim() else { return }
                produce(key, queued) { () throws(AudioError) in try source.encode(settings: settings) }
            }
        }
    }

    /// The cached clip under `key`, waiting for one under way, or made here with `make`.
    private func obtain(_ key: Key, make: () throws(AudioError) -> Clip) throws(AudioError) -> Clip {
        enum Action {
            case done(Clip)
            case wait(PendingClip)
            case make(PendingClip)
        }
        let action: Action = state.withLock { state in
            switch state.clips[key] {
            case let .ready(entry)?:
                state.hits += 1
                return .done(entry.clip)
            case let .pending(pending)?:
                if pending.claim() { return .make(pending) }
                state.hits += 1
                return .wait(pending)
            case nil:
                let pending = PendingClip()
                _ = pending.claim()
                state.clips[key] = .pending(pending)
                return .make(pending)
            }
        }
        switch action {
        case let .done(clip): return clip
        case let .wait(pending): return try pending.wait().get()
        case let .make(pending): return try produce(key, pending, make: make).get()
        }
    }

    /// Makes the clip for a claimed pending entry, stores it (or, on failure, forgets the key) and wakes its waiters.
    @discardableResult
    private func produce(
        _ key: Key, _ pending: PendingClip, make: () throws(AudioError) -> Clip
    ) -> Result<Clip, AudioError> {
        let result: Result<Clip, AudioError>
        do throws(AudioError) { result = .success(try make()) } catch { result = .failure(error) }
        state.withLock { state in
            state.misses += 1
            guard case let .success(fresh) = result else {
                state.clips[key] = nil
                return
            }
            // Bytes held: the packets plus a per-packet array header, so many tiny packets are not free.
            let bytes = fresh.byteCount + fresh.packets.count * 32
            guard bytes <= maxBytes else {  // larger than the whole cache: hand it out, keep nothing
                state.clips[key] = nil
                return
            }
            state.clips[key] = .ready(Entry(clip: fresh, bytes: bytes))
            state.order.append(key)
            state.bytes += bytes
            while state.bytes > maxBytes, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if case let .ready(evicted)? = state.clips[oldest] {
                    state.clips[oldest] = nil
                    state.bytes -= evicted.bytes
                    state.evictions += 1
                }
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
        pending.finish(result)
        return result
    }

    /// How many requests were served from the cache or waited for a clip under way (hits), and how many clips were
    /// made (misses).
    public var statistics: (hits: Int, misses: Int) {
        state.withLock { ($0.hits, $0.misses) }
    }

    /// Clips evicted to stay within ``maxBytes``.
    public var evictions: Int {
        state.withLock { $0.evictions }
    }

    /// Packet bytes held now (at most ``maxBytes``).
    public var byteCount: Int {
        state.withLock { $0.bytes }
    }

    /// Number of distinct clips held.
    public var count: Int {
        state.withLock { state in
            state.clips.values.reduce(0) { count, slot in
                if case .ready = slot { return count + 1 }
                return count
            }
        }
    }
}
