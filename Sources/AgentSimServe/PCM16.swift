import Foundation

/// PCM16 little-endian, the OpenAI Realtime wire's audio.
enum PCM16 {
    /// `samples` as little-endian bytes.
    static func bytes(_ samples: ArraySlice<Int16>) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: samples.count * 2)
        for (offset, sample) in samples.enumerated() {
            let value = UInt16(bitPattern: sample)
            bytes[2 * offset] = UInt8(value & 0xFF)
            bytes[2 * offset + 1] = UInt8(value >> 8)
        }
        return bytes
    }

    /// `samples` as little-endian bytes, base64-encoded.
    static func base64(_ samples: ArraySlice<Int16>) -> String {
        Data(bytes(samples)).base64EncodedString()
    }

    /// The samples of little-endian PCM16 `bytes` (an even count).
    static func samples(_ bytes: Data) -> [Int16] {
        var samples = [Int16](repeating: 0, count: bytes.count / 2)
        var index = 0
        var low: UInt8 = 0
        for (offset, byte) in bytes.enumerated() {
            if offset % 2 == 0 {
                low = byte
            } else {
                samples[index] = Int16(bitPattern: UInt16(low) | UInt16(byte) << 8)
                index += 1
            }
        }
        return samples
    }
}
