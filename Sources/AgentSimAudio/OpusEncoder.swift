internal import COpus

/// Owns one libopus `OpusEncoder` (mono, `OPUS_APPLICATION_VOIP`, signal voice, bitrate/complexity/dtx from settings).
/// Not Sendable: it carries mutable codec state and is used by one task at a time.
public final class OpusEncoder {
    /// The settings the encoder was created with.
    public let settings: AudioSettings
    /// The libopus handle; valid from init until deinit.
    private let encoder: OpaquePointer
    /// Largest packet libopus may produce for one frame (recommended buffer size).
    private static let maxPacketBytes = 4000

    /// Creates and configures the encoder; throws if the settings are invalid or libopus refuses them.
    public init(settings: AudioSettings) throws(AudioError) {
        try settings.validate()
        var error: Int32 = OPUS_OK
        guard let handle = opus_encoder_create(Int32(settings.sampleRate), 1, OPUS_APPLICATION_VOIP, &error),
            error == OPUS_OK
        else {
            throw AudioError("cannot create Opus encoder at \(settings.sampleRate) Hz: \(OpusPacket.errorName(error))")
        }
        let results: [(String, Int32)] = [
            ("bitrate", agentsim_opus_set_bitrate(handle, Int32(settings.bitrate))),
            ("complexity", agentsim_opus_set_complexity(handle, Int32(settings.complexity))),
            ("dtx", agentsim_opus_set_dtx(handle, settings.dtx ? 1 : 0)),
            ("signal", agentsim_opus_set_signal_voice(handle)),
        ]
        if let failure = results.first(where: { $0.1 != OPUS_OK }) {
            opus_encoder_destroy(handle)
            throw AudioError("cannot set Opus encoder \(failure.0): \(OpusPacket.errorName(failure.1))")
        }
        self.settings = settings
        self.encoder = handle
    }

    deinit {
        opus_encoder_destroy(encoder)
    }

    /// The encoder's algorithmic delay in samples at `settings.sampleRate` (`OPUS_GET_LOOKAHEAD`).
    public var lookahead: Int {
        var value: Int32 = 0
        guard agentsim_opus_get_lookahead(encoder, &value) == OPUS_OK else { return 0 }
        return Int(value)
    }

    /// Encodes mono PCM in `settings.samplesPerFrame` frames; the last partial frame is zero-padded.
    /// Returns one packet per frame (none for empty input).
    public func encode(_ pcm: [Int16]) throws(AudioError) -> [[UInt8]] {
        let frameSize = settings.samplesPerFrame
        let frameCount = (pcm.count + frameSize - 1) / frameSize
        var packets: [[UInt8]] = []
        packets.reserveCapacity(frameCount)
        var frame = [Int16](repeating: 0, count: frameSize)
        var output = [UInt8](repeating: 0, count: Self.maxPacketBytes)
        for index in 0..<frameCount {
            let start = index * frameSize
            let end = min(pcm.count, start + frameSize)
            for offset in 0..<frameSize {
                frame[offset] = start + offset < end ? pcm[start + offset] : 0
            }
            let length = frame.withUnsafeBufferPointer { input -> Int32 in
                output.withUnsafeMutableBufferPointer { out -> Int32 in
                    guard let source = input.baseAddress, let target = out.baseAddress else { return OPUS_BAD_ARG }
                    return opus_encode(encoder, source, Int32(frameSize), target, Int32(out.count))
                }
            }
            guard length > 0 else {
                throw AudioError("Opus encoding failed at frame \(index): \(OpusPacket.errorName(length))")
            }
            packets.append(Array(output[0..<Int(length)]))
        }
        return packets
    }
}
