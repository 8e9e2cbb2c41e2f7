/// Parses RIFF/WAVE files: walks the chunk list (skipping unknown chunks and honouring odd-size padding),
/// reads `fmt ` (including `WAVE_FORMAT_EXTENSIBLE`) and `data`, and downmixes all channels to mono.
enum WAVReader {
    /// Decodes `bytes` (the whole file at `path`) to mono samples on the Int16 scale.
    static func decode(_ bytes: [UInt8], path: String) throws(AudioError) -> DecodedAudio {
        let all = bytes[...]
        guard bytes.count >= 12, all[0..<4].elementsEqual("RIFF".utf8) else {
            throw AudioError(path: path, "not a WAV file (no RIFF header)")
        }
        guard all[8..<12].elementsEqual("WAVE".utf8) else {
            throw AudioError(path: path, "not a WAV file (RIFF form type is not WAVE)")
        }
        let riffSize = Int(LittleEndian.uint32(all, at: 4))
        // Writers that stream often leave the RIFF size at 0 or 0xFFFFFFFF; then the file length rules.
        let end = (riffSize == 0 || riffSize == 0xFFFF_FFFF) ? bytes.count : min(bytes.count, 8 + riffSize)

        var format: WAVFormat?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= end, format == nil || data == nil {
            let id = String(decoding: all[offset..<(offset + 4)], as: UTF8.self)
            let size = Int(LittleEndian.uint32(all, at: offset + 4))
            let body = offset + 8
            switch id {
            case "fmt ":
                guard body + size <= end else {
                    throw AudioError(
                        path: path, "truncated WAV file (fmt chunk declares \(size) bytes, only \(end - body) present)")
                }
                do {
                    format = try WAVFormat.parse(all[body..<(body + size)])
                } catch {
                    throw AudioError(path: path, error.message)
                }
            case "data":
                if size == 0xFFFF_FFFF {
                    data = body..<end  // streaming writer never patched the size
                } else {
                    guard body + size <= end else {
                        throw AudioError(
                            path: path,
                            "truncated WAV file (data chunk declares \(size) bytes, only \(end - body) present)")
                    }
                    data = body..<(body + size)
                }
            default:
                break  // LIST, fact, cue, bext, JUNK, …: skip
            }
            offset = body + size + (size & 1)
        }
        guard let format else {
            throw AudioError(path: path, "truncated or malformed WAV file (no fmt chunk)")
        }
        guard let data else {
            throw AudioError(path: path, "truncated or malformed WAV file (no data chunk)")
        }
        let frames = data.count / format.blockAlign
        try RecordingLimits.check(frames: frames, sampleRate: format.sampleRate, path: path)
        return DecodedAudio(samples: downmix(all[data], format: format), sampleRate: format.sampleRate)
    }

    /// Mono average of every complete sample frame in `data` (a trailing partial frame is ignored).
    private static func downmix(_ data: ArraySlice<UInt8>, format: WAVFormat) -> [Double] {
        let frames = data.count / format.blockAlign
        var mono = [Double](repeating: 0, count: frames)
        let channelScale = 1 / Double(format.channels)
        data.withUnsafeBytes { raw in
            for frame in 0..<frames {
                var sum = 0.0
                var position = frame * format.blockAlign
                for _ in 0..<format.channels {
                    sum += sample(raw, at: position, format: format)
                    position += format.bytesPerSample
                }
                mono[frame] = sum * channelScale
            }
        }
        return mono
    }

    /// One sample at byte `offset`, scaled to the Int16 range.
    private static func sample(_ raw: UnsafeRawBufferPointer, at offset: Int, format: WAVFormat) -> Double {
        switch (format.encoding, format.bytesPerSample) {
        case (.integer, 1):
            return (Double(raw[offset]) - 128) * 256
        case (.integer, 2):
            return Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case (.integer, 3):
            let packed = UInt32(raw[offset]) << 8 | UInt32(raw[offset + 1]) << 16 | UInt32(raw[offset + 2]) << 24
            return Double(Int32(bitPattern: packed) >> 8) / 256
        case (.integer, _):
            return Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))) / 65536
        case (.float, 4):
            let value = Float(
                bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            return value.isFinite ? Double(value) * 32768 : 0
        case (.float, _):
            let value = Double(
                bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            return value.isFinite ? value * 32768 : 0
        }
    }
}
