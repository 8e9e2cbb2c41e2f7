internal import COpusFile

/// Owns a libopusfile `OggOpusFile` opened on an in-memory copy of a file (kept alive for the decoder's lifetime)
/// and decodes it to 48 kHz mono.
final class OpusFileDecoder {
    /// The libopusfile handle; valid from init until deinit.
    private let file: OpaquePointer
    /// The file bytes libopusfile reads from; freed in deinit after the handle.
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// Path used in error messages.
    private let path: String

    /// Opens `bytes` (the contents of `path`) as Ogg Opus.
    init(bytes: [UInt8], path: String) throws(AudioError) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = storage.initialize(from: bytes)
        var error: Int32 = 0
        guard let handle = op_open_memory(storage.baseAddress, bytes.count, &error) else {
            storage.deallocate()
            throw AudioError(path: path, "not a valid Ogg Opus file (\(Self.errorName(error)))")
        }
        self.file = handle
        self.storage = storage
        self.path = path
    }

    deinit {
        op_free(file)
        storage.deallocate()
    }

    /// Decodes the whole stream (libopusfile applies pre-skip, end trimming and output gain) to mono samples
    /// on the Int16 scale at 48 kHz. Multi-channel streams are downmixed via `op_read_stereo`.
    func decodeMono() throws(AudioError) -> [Double] {
        let total = op_pcm_total(file, -1)
        if total >= 0 { try RecordingLimits.check(frames: Int(total), sampleRate: 48000, path: path) }
        var mono: [Double] = []
        if total > 0, total < Int64(Int32.max) { mono.reserveCapacity(Int(total)) }
        var stereo = [Int16](repeating: 0, count: 11520)  // 120 ms at 48 kHz, two channels
        while true {
            let file = self.file
            let frames = stereo.withUnsafeMutableBufferPointer { buffer in
                op_read_stereo(file, buffer.baseAddress, Int32(buffer.count))
            }
            if frames == 0 { break }
            guard frames > 0 else {
                throw AudioError(
                    path: path, "cannot decode Ogg Opus audio after \(mono.count) samples (\(Self.errorName(frames)))")
            }
            for index in 0..<Int(frames) {
                mono.append((Double(stereo[2 * index]) + Double(stereo[2 * index + 1])) * 0.5)
            }
            if mono.count > RecordingLimits.maxFrames {  // the stream is longer than its header said
                try RecordingLimits.check(frames: mono.count, sampleRate: 48000, path: path)
            }
        }
        return mono
    }

    /// libopusfile error name for a negative return code.
    static func errorName(_ code: Int32) -> String {
        switch code {
        case OP_FALSE: "OP_FALSE"
        case OP_EOF: "OP_EOF: unexpected end of file"
        case OP_HOLE: "OP_HOLE: gap in the stream, pages missing or corrupt"
        case OP_EREAD: "OP_EREAD: read failed"
        case OP_EFAULT: "OP_EFAULT: internal error"
        case OP_EIMPL: "OP_EIMPL: unsupported feature"
        case OP_EINVAL: "OP_EINVAL: invalid argument"
        case OP_ENOTFORMAT: "OP_ENOTFORMAT: no Opus stream found"
        case OP_EBADHEADER: "OP_EBADHEADER: malformed Opus header"
        case OP_EVERSION: "OP_EVERSION: unsupported Opus header version"
        case OP_ENOTAUDIO: "OP_ENOTAUDIO: not audio"
        case OP_EBADPACKET: "OP_EBADPACKET: invalid Opus packet"
        case OP_EBADLINK: "OP_EBADLINK: broken link"
        case OP_ENOSEEK: "OP_ENOSEEK: not seekable"
        case OP_EBADTIMESTAMP: "OP_EBADTIMESTAMP: invalid granule positions"
        default: "libopusfile error \(code)"
        }
    }
}
