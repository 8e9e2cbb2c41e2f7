internal import COpus

/// Owns one libopus `OpusDecoder` (mono). Not Sendable: it carries mutable codec state.
public final class OpusDecoder {
    /// Output sample rate.
    public let sampleRate: Int
    /// The libopus handle; valid from init until deinit.
    private let decoder: OpaquePointer
    /// Output buffer large enough for the longest Opus packet (120 ms).
    private var buffer: [Int16]

    /// Creates a mono decoder producing PCM at `sampleRate` (one of ``AudioSettings/validSampleRates``).
    public init(sampleRate: Int) throws(AudioError) {
        guard AudioSettings.validSampleRates.contains(sampleRate) else {
            throw AudioError(
                "invalid decoder sample rate \(sampleRate) Hz (expected one of "
                    + "\(AudioSettings.validSampleRates.map(String.init).joined(separator: ", ")))"
            )
        }
        var error: Int32 = OPUS_OK
        guard let handle = opus_decoder_create(Int32(sampleRate), 1, &error), error == OPUS_OK else {
            throw AudioError("cannot create Opus decoder at \(sampleRate) Hz: \(OpusPacket.errorName(error))")
        }
        self.sampleRate = sampleRate
        self.decoder = handle
        self.buffer = [Int16](repeating: 0, count: sampleRate * 120 / 1000)
    }

    deinit {
        opus_decoder_destroy(decoder)
    }

    /// Decodes one packet to mono PCM; throws on an empty or invalid packet.
    public func decode(_ packet: [UInt8]) throws(AudioError) -> [Int16] {
        guard !packet.isEmpty, packet.count <= Int(Int32.max) else {
            throw AudioError("cannot decode an empty Opus packet")
        }
        let decoder = self.decoder
        let count = packet.withUnsafeBufferPointer { input -> Int32 in
            buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                guard let source = input.baseAddress, let target = out.baseAddress else { return OPUS_BAD_ARG }
                return opus_decode(decoder, source, Int32(input.count), target, Int32(out.count), 0)
            }
        }
        guard count >= 0 else {
            throw AudioError("Opus decoding failed (\(packet.count)-byte packet): \(OpusPacket.errorName(count))")
        }
        return Array(buffer[0..<Int(count)])
    }
}
