import Synchronization

/// Encodes each distinct (source, settings) once and hands the same ``Clip`` to every later request, across
/// concurrent sessions. Thread-safe: state lives in a `Mutex`; encoding happens outside the lock, so two tasks
/// racing on the same key may both encode, but the first stored result wins and both return it.
/// Errors are not cached (a missing recording may appear later).
public final class ClipCache: Sendable {
    /// Cache key: a source under particular settings.
    private struct Key: Hashable, Sendable {
        let source: ClipSource
        let settings: AudioSettings
    }

    /// Everything guarded by the lock.
    private struct State: Sendable {
        var clips: [Key: Clip] = [:]
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())

    /// Creates an empty cache.
    public init() {}

    /// The clip for `source` under `settings`, encoding it on first request.
    public func clip(_ source: ClipSource, settings: AudioSettings) throws(AudioError) -> Clip {
        let key = Key(source: source, settings: settings)
        let cached: Clip? = state.withLock { state in
            guard let clip = state.clips[key] else { return nil }
            state.hits += 1
            return clip
        }
        if let cached { return cached }
        let fresh = try source.encode(settings: settings)
        return state.withLock { state in
            state.misses += 1
            if let winner = state.clips[key] { return winner }
            state.clips[key] = fresh
            return fresh
        }
    }

    /// How many requests were served from the cache (hits) and how many had to encode (misses).
    public var statistics: (hits: Int, misses: Int) {
        state.withLock { ($0.hits, $0.misses) }
    }

    /// Number of distinct clips held.
    public var count: Int {
        state.withLock { $0.clips.count }
    }
}
