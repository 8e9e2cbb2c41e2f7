import Synchronization

/// Per-settings facts that need a real encoder to find out, computed once per process and shared:
/// the reusable digital-silence packet and the Ogg Opus pre-skip.
struct EncoderProfile: Sendable, Equatable {
    /// One encoded frame of digital silence (`settings.samplesPerFrame` zero samples), reused for every gap.
    ///
    /// It is the smallest packet of a short run of encoded silent frames, i.e. the encoder's steady state for
    /// silence: with DTX on that is the 1–2 byte DTX packet, with DTX off a normal (small) silence frame.
    let silentPacket: [UInt8]
    /// Encoder lookahead converted to 48 kHz samples, as stored in OpusHead's pre-skip field.
    let preSkip: Int

    /// Silent frames encoded before choosing the steady-state packet (DTX engages after about 200 ms).
    private static let warmUpFrames = 20
    /// Profiles computed so far, by settings.
    private static let cache = Mutex<[AudioSettings: EncoderProfile]>([:])

    /// The profile for `settings`, computing it with a fresh encoder on first use.
    static func profile(for settings: AudioSettings) throws(AudioError) -> EncoderProfile {
        if let known = cache.withLock({ $0[settings] }) { return known }
        let encoder = try OpusEncoder(settings: settings)
        let silence = [Int16](repeating: 0, count: settings.samplesPerFrame * warmUpFrames)
        let packets = try encoder.encode(silence)
        guard let smallest = packets.min(by: { $0.count < $1.count }) else {
            throw AudioError("cannot encode a silent frame")
        }
        let profile = EncoderProfile(
            silentPacket: smallest,
            preSkip: encoder.lookahead * 48000 / settings.sampleRate
        )
        return cache.withLock { cached in
            if let winner = cached[settings] { return winner }
            cached[settings] = profile
            return profile
        }
    }
}
