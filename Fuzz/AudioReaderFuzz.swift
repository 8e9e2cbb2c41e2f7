// libFuzzer target: the recording readers on any bytes. RIFF WAV goes through `WAVReader.decode`, Ogg
// through `OggPageScanner` and libopusfile (`OpusFileDecoder`), as `AudioFileReader.decode` does for a
// file; each must return audio within `RecordingLimits` or throw `AudioError`, never trap.
// Built by Fuzz/build.sh together with the sources of Sources/AgentSimAudio (one module).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let decoded: DecodedAudio
        if bytes.starts(with: "OggS".utf8) {
            _ = try OggPageScanner().scan(bytes, path: "fuzz.opus")
            decoded = DecodedAudio(
                samples: try OpusFileDecoder(bytes: bytes, path: "fuzz.opus").decodeMono(), sampleRate: 48000)
        } else {
            decoded = try WAVReader.decode(bytes, path: "fuzz.wav")
        }
        guard decoded.samples.count <= RecordingLimits.maxFrames else {
            fatalError("decoded \(decoded.samples.count) samples, over \(RecordingLimits.maxFrames)")
        }
        // Resampling to the session rate, as AudioFileReader.readPCM does.
        _ = LinearResampler.resample(decoded.samples, from: decoded.sampleRate, to: 16000)
    } catch {
        return 0
    }
    return 0
}
