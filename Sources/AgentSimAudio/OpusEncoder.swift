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
    /// Where libopus writes each packet before it is copied out.
    private var output = [UInt8](repeating: 0, count: maxPacketBytes)
    /// A short last frame padded with zeros.
    private var padded: [Int16] = []

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
        try pcm.withUnsafeBufferPointer { (all: UnsafeBufferPointer<Int16>) throws(AudioError) in
            for index in 0..<frameCount {
                let start = index * frameSize
                let end = min(pcm.count, start + frameSize)
                packets.append(try encodeFrame(UnsafeBufferPointer(rebasing: all[start..<end]), index: index))
            }
        }
        return packets
    }

    /// Encodes one frame: `samples` holds at most `settings.samplesPerFrame` samples, zero-padded to a whole frame.
    /// `index` only names the frame in an error.
    public func encodeFrame(_ samples: UnsafeBufferPointer<Int16>, index: Int) throws(AudioError) -> [UInt8] {
        let frameSize = settings.samplesPerFrame
        if samples.count < frameSize {
            if padded.count != frameSize { padded = [Int16](repeating: 0, count: frameSize) }
            for offset in 0..<frameSize { padded[offset] = offset < samples.count ? samples[offset] : 0 }
            return try padded.withUnsafeBufferPointer { full throws(AudioError) in try encodeWhole(full, index: index) }
        }
        return try encodeWhole(UnsafeBufferPointer(rebasing: samples[0..<frameSize]), index: index)
    }

    /// A frame the length of `settings.samplesPerFrame`, encoded into the reused output buffer and copied out.
    private func encodeWhole(_ frame: UnsafeBufferPointer<Int16>, index: Int) throws(AudioError) -> [UInt8] {
        let length = output.withUnsafeMutableBufferPointer { out -> Int32 in
            guard let source = frame.baseAddress, let target = out.baseAddress else { return OPUS_BAD_ARG }
            return opus_encode(encoder, source, Int32(frame.count), target, Int32(out.count))
        }
        guard length > 0 else {
            throw AudioError("Opus encoding failed at frame \(index): \(OpusPacket.errorName(length))")
        }
        return Array(output[0..<Int(length)])
    }
}
