import AgentSimAudio
import Foundation

// speech-pcm TEXT SECONDS SEED RATE OUT.wav: the PCM agentsim synthesises for a `say` turn, as a 16-bit mono WAV
// file, so bench/audio.sh can hand opusenc exactly the samples agentsim encodes. A user turn's seed is the
// scenario's seed (an agent turn's is the seed XOR 0xA6E7000000000001).
let arguments = CommandLine.arguments
guard arguments.count == 6, let seconds = Double(arguments[2]), let seed = UInt64(arguments[3]),
    let rate = Int(arguments[4])
else {
    FileHandle.standardError.write(Data("usage: speech-pcm TEXT SECONDS SEED RATE OUT.wav\n".utf8))
    exit(2)
}
let pcm = SpeechSynthesizer.synthesize(text: arguments[1], seconds: seconds, seed: seed, sampleRate: rate)
var bytes: [UInt8] = []
func le32(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(v).littleEndian) { Array($0) } }
func le16(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt16(v).littleEndian) { Array($0) } }
bytes.append(contentsOf: Array("RIFF".utf8))
bytes += le32(36 + pcm.count * 2)
bytes.append(contentsOf: Array("WAVEfmt ".utf8))
bytes += le32(16)
bytes += le16(1)
bytes += le16(1)
bytes += le32(rate)
bytes += le32(rate * 2)
bytes += le16(2)
bytes += le16(16)
bytes.append(contentsOf: Array("data".utf8))
bytes += le32(pcm.count * 2)
pcm.withUnsafeBytes { bytes.append(contentsOf: $0) }  // little-endian on every platform agentsim builds for
guard FileManager.default.createFile(atPath: arguments[5], contents: Data(bytes)) else {
    FileHandle.standardError.write(Data("speech-pcm: cannot write \(arguments[5])\n".utf8))
    exit(2)
}
