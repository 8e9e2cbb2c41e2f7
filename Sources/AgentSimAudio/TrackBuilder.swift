/// Builds one track (user or agent) on the session timeline and writes it as a real Ogg Opus file.
///
/// Time is kept in 48 kHz samples, which is exact for every Opus frame size, so ``duration`` is the true sum of the
/// packets' durations. Gaps are filled with one pre-encoded digital-silence packet of the track's frame size
/// (see ``EncoderProfile``), reused for every silent frame.
public struct TrackBuilder: Sendable {
    /// Settings for silence frames and the Ogg Opus header (pre-skip, input sample rate).
    public let settings: AudioSettings
    /// Every packet on the track so far, in order.
    public private(set) var packets: [[UInt8]] = []
    /// Sum of the packets' durations in 48 kHz samples.
    public private(set) var sampleCount48k = 0

    /// Longest track accepted by ``appendSilence(until:)`` (24 hours), guarding against absurd or overflowing times.
    public static let maxSeconds = 86_400.0

    /// Starts an empty track.
    public init(settings: AudioSettings) {
        self.settings = settings
    }

    /// Sum of packet durations so far, in seconds.
    public var duration: Double { Double(sampleCount48k) / 48000 }

    /// Pads with whole silent frames until `duration >= time - 1e-9` (no-op if already there or past).
    public mutating func appendSilence(until time: Double) throws(AudioError) {
        guard time.isFinite, time <= Self.maxSeconds else {
            throw AudioError("cannot pad track with silence until \(time) s (limit \(Int(Self.maxSeconds)) s)")
        }
        let frameSamples = settings.frameMilliseconds * 48
        let missing = (time - 1e-9) * 48000 - Double(sampleCount48k)
        guard missing > 0 else { return }
        let silence = try EncoderProfile.profile(for: settings).silentPacket
        let frames = Int((missing / Double(frameSamples)).rounded(.up))
        let silenceSamples = OpusPacket.sampleCount(silence, sampleRate: 48000) ?? frameSamples
        packets.append(contentsOf: repeatElement(silence, count: frames))
        sampleCount48k += frames * silenceSamples
    }

    /// Appends all of `clip`'s packets (their durations come from the packets themselves).
    public mutating func append(_ clip: Clip) {
        packets.append(contentsOf: clip.packets)
        sampleCount48k += clip.packets.reduce(0) { $0 + (OpusPacket.sampleCount($1, sampleRate: 48000) ?? 0) }
    }

    /// Writes the track as Ogg Opus, whole or not at all (temp file in the same directory, fsync, rename), a few pages
    /// at a time: the file's bytes are never held whole.
    ///
    /// See ``oggOpusBytes(serialNumber:)`` for the layout. The Ogg serial number is the FNV-1a hash of the file name,
    /// so rewriting the same track to the same name gives identical bytes.
    public func writeOggOpus(to path: String) throws(AudioError) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let file = try AtomicFile.Writer(path: path)
        do {
            try writeOggOpus(serialNumber: Int32(truncatingIfNeeded: FNV1a.hash(name))) {
                (pages: [UInt8]) throws(AudioError) in
                try file.append(pages)
            }
        } catch {
            file.discard()
            throw error.message.hasPrefix(path + ": ") ? error : AudioError(path: path, error.message)
        }
        try file.commit()
    }

    /// The bytes ``writeOggOpus(to:)`` writes to a file called `fileName` (its serial number is the name's FNV-1a
    /// hash).
    public func oggOpusBytes(fileName: String) throws(AudioError) -> [UInt8] {
        try oggOpusBytes(serialNumber: Int32(truncatingIfNeeded: FNV1a.hash(fileName)))
    }

    /// The complete Ogg Opus file (RFC 7845): OpusHead (pre-skip = encoder lookahead at 48 kHz) and OpusTags each on
    /// their own page, then one Ogg packet per Opus packet, the last page flagged end-of-stream.
    ///
    /// A decoder discards the first pre-skip samples, so to make the playback length equal ``duration`` exactly the
    /// track's packets are followed by just enough extra silent packets to cover the pre-skip (one, for every valid
    /// setting), and the final granule position — pre-skip + the track's 48 kHz sample count — trims the rest of them
    /// away. Other granule positions count decoded 48 kHz samples from the stream start (pre-skip samples included),
    /// as RFC 7845 §4 defines them, so the stream starts at time zero. An empty track yields a valid zero-length file.
    public func oggOpusBytes(serialNumber: Int32) throws(AudioError) -> [UInt8] {
        var all: [UInt8] = []
        try writeOggOpus(serialNumber: serialNumber) { (pages: [UInt8]) throws(AudioError) in
            all.append(contentsOf: pages)
        }
        return all
    }

    /// Pages gathered before they are handed on (``writeOggOpus(serialNumber:emit:)``).
    private static let emitBytes = 64 << 10

    /// The Ogg Opus file of ``oggOpusBytes(serialNumber:)``, handed to `emit` in order, about ``emitBytes`` at a time.
    private func writeOggOpus(
        serialNumber: Int32, emit: ([UInt8]) throws(AudioError) -> Void
    ) throws(AudioError) {
        let profile = try EncoderProfile.profile(for: settings)
        let silenceSamples =
            OpusPacket.sampleCount(profile.silentPacket, sampleRate: 48000) ?? settings.frameMilliseconds * 48
        let flushCount = (profile.preSkip + silenceSamples - 1) / silenceSamples
        let stream = try OggStreamWriter(serialNumber: serialNumber)
        try stream.append(
            packet: OpusHeaders.identification(preSkip: profile.preSkip, inputSampleRate: settings.sampleRate),
            granulePosition: 0, beginsStream: true, flush: true
        )
        try stream.append(packet: OpusHeaders.comments(), granulePosition: 0, flush: true)
        let total = packets.count + flushCount
        var decoded: Int64 = 0
        for index in 0..<total {
            let packet = index < packets.count ? packets[index] : profile.silentPacket
            guard let samples = OpusPacket.sampleCount(packet, sampleRate: 48000) else {
                throw AudioError("invalid Opus packet #\(index) on track")
            }
            decoded += Int64(samples)
            let isLast = index == total - 1
            let granule = isLast ? Int64(profile.preSkip + sampleCount48k) : decoded
            try stream.append(packet: packet, granulePosition: granule, endsStream: isLast)
            if stream.bytes.count >= Self.emitBytes { try emit(stream.takeBytes()) }
        }
        stream.flush()
        try emit(stream.takeBytes())
    }
}
