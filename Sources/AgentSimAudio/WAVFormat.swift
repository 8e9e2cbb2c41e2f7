/// The parts of a WAV `fmt ` chunk needed to decode uncompressed samples.
struct WAVFormat: Sendable, Equatable {
    /// How samples are stored.
    enum Encoding: Sendable, Equatable {
        /// Two's-complement integers (8-bit is unsigned, offset 128, as WAV requires).
        case integer
        /// IEEE 754 floating point, nominally -1...1.
        case float
    }

    var encoding: Encoding
    var channels: Int
    var sampleRate: Int
    /// Bytes per sample frame (all channels).
    var blockAlign: Int
    /// Bytes per single-channel sample (the container size; valid bits may be fewer, left-justified).
    var bytesPerSample: Int

    /// `WAVE_FORMAT_PCM`.
    static let pcmTag = 0x0001
    /// `WAVE_FORMAT_IEEE_FLOAT`.
    static let floatTag = 0x0003
    /// `WAVE_FORMAT_EXTENSIBLE`: the real format tag is in the sub-format GUID.
    static let extensibleTag = 0xFFFE
    /// Bytes 2...15 of every `KSDATAFORMAT_SUBTYPE_*` GUID derived from a format tag
    /// (`xxxxxxxx-0000-0010-8000-00aa00389b71`).
    static let subFormatGUIDTail: [UInt8] = [
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]

    /// Parses a `fmt ` chunk body, throwing a message (without the path) for malformed or compressed formats.
    static func parse(_ body: ArraySlice<UInt8>) throws(AudioError) -> WAVFormat {
        guard body.count >= 16 else {
            throw AudioError("malformed WAV file (fmt chunk is \(body.count) bytes, need at least 16)")
        }
        let start = body.startIndex
        var tag = Int(LittleEndian.uint16(body, at: start))
        let channels = Int(LittleEndian.uint16(body, at: start + 2))
        let sampleRate = Int(LittleEndian.uint32(body, at: start + 4))
        let blockAlign = Int(LittleEndian.uint16(body, at: start + 12))
        let bitsPerSample = Int(LittleEndian.uint16(body, at: start + 14))
        if tag == extensibleTag {
            guard body.count >= 40 else {
                throw AudioError(
                    "malformed WAV file (WAVE_FORMAT_EXTENSIBLE fmt chunk is \(body.count) bytes, need 40)")
            }
            let guid = Array(body[(start + 24)..<(start + 40)])
            guard Array(guid[2...]) == subFormatGUIDTail else {
                throw AudioError(
                    "unsupported WAV encoding (WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID)")
            }
            tag = Int(guid[0]) | Int(guid[1]) << 8
        }
        let encoding: Encoding
        switch tag {
        case pcmTag: encoding = .integer
        case floatTag: encoding = .float
        default:
            throw AudioError(
                "unsupported WAV encoding \(name(ofTag: tag)); only uncompressed PCM integer or IEEE float samples "
                    + "are supported"
            )
        }
        guard channels >= 1 else { throw AudioError("malformed WAV file (0 channels)") }
        guard sampleRate >= 1000, sampleRate <= 768_000 else {
            throw AudioError("unsupported WAV sample rate \(sampleRate) Hz")
        }
        guard blockAlign > 0, blockAlign % channels == 0 else {
            throw AudioError("malformed WAV file (block align \(blockAlign) does not fit \(channels) channels)")
        }
        let bytesPerSample = blockAlign / channels
        let supported = encoding == .integer ? [1, 2, 3, 4] : [4, 8]
        guard supported.contains(bytesPerSample), bitsPerSample <= bytesPerSample * 8, bitsPerSample > 0 else {
            throw AudioError(
                "unsupported WAV sample format (\(bitsPerSample)-bit \(encoding == .integer ? "integer" : "float") "
                    + "in \(bytesPerSample)-byte containers)"
            )
        }
        return WAVFormat(
            encoding: encoding, channels: channels, sampleRate: sampleRate, blockAlign: blockAlign,
            bytesPerSample: bytesPerSample)
    }

    /// A readable name for a WAV format tag, e.g. `"IMA ADPCM (format tag 0x0011)"`.
    static func name(ofTag tag: Int) -> String {
        let names: [Int: String] = [
            0x0002: "Microsoft ADPCM", 0x0006: "A-law", 0x0007: "µ-law", 0x0011: "IMA ADPCM",
            0x0031: "GSM 6.10", 0x0050: "MPEG", 0x0055: "MP3", 0x00FF: "AAC", 0x1610: "HE-AAC", 0x704F: "Opus",
        ]
        let hex = String(tag, radix: 16, uppercase: true)
        let code = "format tag 0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return names[tag].map { "\($0) (\(code))" } ?? "(\(code))"
    }
}
