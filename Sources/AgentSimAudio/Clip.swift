/// Opus packets plus their true duration.
public struct Clip: Sendable, Hashable {
    /// Settings the packets were encoded with.
    public let settings: AudioSettings
    /// One Opus packet per frame, in playback order.
    public let packets: [[UInt8]]
    /// Sum over packets of `opus_packet_get_nb_samples(packet, len, sampleRate)` — computed from the packets,
    /// never from requested seconds.
    public let sampleCount: Int

    /// Builds a Clip from packets, computing sampleCount with `opus_packet_get_nb_samples` (throws on an invalid
    /// packet).
    public init(settings: AudioSettings, packets: [[UInt8]]) throws(AudioError) {
        try settings.validate()
        self.settings = settings
        self.packets = packets
        self.sampleCount = try OpusPacket.totalSampleCount(packets, sampleRate: settings.sampleRate)
    }

    /// Memberwise init for packets already known to be valid.
    private init(settings: AudioSettings, validPackets: [[UInt8]]) {
        self.settings = settings
        self.packets = validPackets
        self.sampleCount = validPackets.reduce(0) {
            $0 + (OpusPacket.sampleCount($1, sampleRate: settings.sampleRate) ?? 0)
        }
    }

    /// `count` copies of one valid packet (``ClipCache``'s timing clips: digital silence of a given length).
    init(settings: AudioSettings, repeating packet: [UInt8], count: Int) {
        self.settings = settings
        self.packets = Array(repeating: packet, count: count)
        self.sampleCount = count * (OpusPacket.sampleCount(packet, sampleRate: settings.sampleRate) ?? 0)
    }

    /// Playback duration in seconds: `Double(sampleCount) / Double(settings.sampleRate)`.
    public var duration: Double { Double(sampleCount) / Double(settings.sampleRate) }

    /// Total size of all packets in bytes.
    public var byteCount: Int { packets.reduce(0) { $0 + $1.count } }

    /// The packets a listener had heard after `seconds` of playback: the first `ceil(seconds / frame duration)` packets
    /// (with a 1e-9 tolerance so 1.2 s at 20 ms is exactly 60 packets), capped at all packets; sampleCount is
    /// recomputed from those packets. Zero, negative or NaN `seconds` give an empty clip.
    public func prefix(seconds: Double) -> Clip {
        let frames = seconds / settings.frameDuration - 1e-9
        let count: Int
        if !(frames > 0) {
            count = 0
        } else if frames.rounded(.up) >= Double(packets.count) {
            count = packets.count
        } else {
            count = Int(frames.rounded(.up))
        }
        if count == packets.count { return self }
        return Clip(settings: settings, validPackets: Array(packets.prefix(count)))
    }
}
