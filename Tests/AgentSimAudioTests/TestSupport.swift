import Foundation
import Testing

/// A fresh, uniquely named directory under the system temp directory, removed when the value is discarded.
final class TemporaryDirectory {
    /// Absolute path of the directory.
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "agentsim-audio-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Absolute path of `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }
}

/// Result of running an external tool.
struct ToolResult {
    var status: Int32
    var output: String
}

/// Runs `executable` with `arguments`, capturing stdout and stderr together.
func runTool(_ executable: String, _ arguments: [String]) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Builds WAV files byte by byte so the reader is tested against independently written input.
enum WAVWriter {
    /// A RIFF/WAVE file with a `fmt ` chunk (`formatTag`, or WAVE_FORMAT_EXTENSIBLE wrapping it when `extensible`),
    /// optional extra chunks placed before `data`, and the given raw sample bytes.
    static func file(
        formatTag: UInt16 = 1, channels: Int, sampleRate: Int, bitsPerSample: Int,
        extensible: Bool = false, extraChunks: [(String, [UInt8])] = [], data: [UInt8]
    ) -> [UInt8] {
        let blockAlign = channels * bitsPerSample / 8
        var fmt: [UInt8] = []
        append16(extensible ? 0xFFFE : formatTag, to: &fmt)
        append16(UInt16(channels), to: &fmt)
        append32(UInt32(sampleRate), to: &fmt)
        append32(UInt32(sampleRate * blockAlign), to: &fmt)
        append16(UInt16(blockAlign), to: &fmt)
        append16(UInt16(bitsPerSample), to: &fmt)
        if extensible {
            append16(22, to: &fmt)  // cbSize
            append16(UInt16(bitsPerSample), to: &fmt)  // valid bits
            append32(channels == 1 ? 0x4 : 0x3, to: &fmt)  // channel mask
            append16(formatTag, to: &fmt)
            fmt += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        }
        var body = Array("WAVE".utf8)
        body += chunk("fmt ", fmt)
        for (id, bytes) in extraChunks { body += chunk(id, bytes) }
        body += chunk("data", data)
        var file = Array("RIFF".utf8)
        append32(UInt32(body.count), to: &file)
        return file + body
    }

    /// Interleaved little-endian 16-bit samples.
    static func pcm16(_ samples: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples { append16(UInt16(bitPattern: sample), to: &bytes) }
        return bytes
    }

    /// A chunk with header and odd-size padding.
    static func chunk(_ id: String, _ bytes: [UInt8]) -> [UInt8] {
        var result = Array(id.utf8)
        append32(UInt32(bytes.count), to: &result)
        result += bytes
        if bytes.count % 2 == 1 { result.append(0) }
        return result
    }

    static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    static func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}

/// Writes `bytes` to `path`.
func writeFile(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Root-mean-square of `samples`.
func rms(_ samples: some Collection<Int16>) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
    return (sum / Double(samples.count)).squareRoot()
}

/// Little-endian unsigned integer made of `bytes`.
func littleEndian(_ bytes: ArraySlice<UInt8>) -> Int {
    bytes.reversed().reduce(0) { $0 << 8 | Int($1) }
}
