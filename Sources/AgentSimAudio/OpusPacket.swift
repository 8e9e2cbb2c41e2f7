internal import COpus

/// Helpers that read an Opus packet's table-of-contents without decoding it.
enum OpusPacket {
    /// Samples (at `sampleRate`) the packet decodes to, or `nil` if libopus rejects the packet.
    ///
    /// Wraps `opus_packet_get_nb_samples`; an empty packet is invalid.
    static func sampleCount(_ packet: [UInt8], sampleRate: Int) -> Int? {
        guard !packet.isEmpty, packet.count <= Int(Int32.max) else { return nil }
        let result = packet.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return OPUS_BAD_ARG }
            return opus_packet_get_nb_samples(base, Int32(buffer.count), Int32(sampleRate))
        }
        return result >= 0 ? Int(result) : nil
    }

    /// Total samples (at `sampleRate`) of `packets`; throws naming the first invalid packet.
    static func totalSampleCount(_ packets: [[UInt8]], sampleRate: Int) throws(AudioError) -> Int {
        var total = 0
        for (index, packet) in packets.enumerated() {
            guard let count = sampleCount(packet, sampleRate: sampleRate) else {
                throw AudioError("invalid Opus packet #\(index) (\(packet.count) bytes)")
            }
            total += count
        }
        return total
    }

    /// The libopus error name for a negative return code, e.g. `OPUS_BAD_ARG`.
    static func errorName(_ code: Int32) -> String {
        switch code {
        case OPUS_BAD_ARG: "OPUS_BAD_ARG"
        case OPUS_BUFFER_TOO_SMALL: "OPUS_BUFFER_TOO_SMALL"
        case OPUS_INTERNAL_ERROR: "OPUS_INTERNAL_ERROR"
        case OPUS_INVALID_PACKET: "OPUS_INVALID_PACKET"
        case OPUS_UNIMPLEMENTED: "OPUS_UNIMPLEMENTED"
        case OPUS_INVALID_STATE: "OPUS_INVALID_STATE"
        case OPUS_ALLOC_FAIL: "OPUS_ALLOC_FAIL"
        default: "libopus error \(code)"
        }
    }
}
