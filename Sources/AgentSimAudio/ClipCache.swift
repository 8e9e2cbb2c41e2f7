import Synchronization

/// Encodes each distinct (source, settings) once and hands the same ``Clip`` to every later request, across
/// concurrent sessions. Thread-safe: state lives in a `Mutex`; encoding happens outside the lock, so two tasks
/// racing on the same key may both encode, but the first stored result wins and both return it.
/// Errors are not cached (a missing recording may appear later).
///
/// The cache is bounded in bytes (the Opus packets it holds): past ``maxBytes`` the clips stored first are
/// evicted, so a long load run with many distinct utterances keeps flat memory and only re-encodes.
public final class ClipCache: Sendable {
    /// Cache key: a source under particular settings.
    private struct Key: Hashable, Sendable {
        let source: ClipSource
        let settings: AudioSettings
    }

    private struct Entry: Sendable {
        let clip: Clip
        let bytes: Int
    }

    /// Everything guarded by the lock.
    private struct State: Sendable {
        var clips: [Key: Entry] = [:]
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

    /// Creates an empty cache holding at most `maxBytes` of Opus packets.
    public init(maxBytes: Int = 256 << 20) {
        self.maxBytes = max(0, maxBytes)
    }

    /// The clip for `source` under `settings`, encoding it on first request.
    public func clip(_ source: ClipSource, settings: AudioSettings) throws(AudioError) -> Clip {
        let key = Key(source: source, settings: settings)
        let cached: Clip? = state.withLock { state in
            guard let entry = state.clips[key] else { return nil }
            state.hits += 1
            return entry.clip
        }
        if let cached { return cached }
        let fresh = try source.encode(settings: settings)
        // Bytes held: the packets plus a per-packet array header, so many tiny packets are not free.
        let bytes = fresh.byteCount + fresh.packets.count * 32
        return state.withLock { state in
            state.misses += 1
            if let winner = state.clips[key] { return winner.clip }
            guard bytes <= maxBytes else { return fresh }  // larger than the whole cache: hand it out, keep nothing
            state.clips[key] = Entry(clip: fresh, bytes: bytes)
            state.order.append(key)
            state.bytes += bytes
            while state.bytes > maxBytes, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if let evicted = state.clips.removeValue(forKey: oldest) {
                    state.bytes -= evicted.bytes
                    state.evictions += 1
                }
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            return fresh
        }
    }

    /// How many requests were served from the cache (hits) and how many had to encode (misses).
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
        state.withLock { $0.clips.count }
    }
}
