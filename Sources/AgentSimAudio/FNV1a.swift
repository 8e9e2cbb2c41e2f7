/// 64-bit FNV-1a hash: a stable hash of bytes, the same in every process
/// (Swift's `Hasher` is randomly seeded per process and must not be used for reproducible output).
enum FNV1a {
    /// FNV-1a over the UTF-8 encoding of `text`.
    static func hash(_ text: String) -> UInt64 {
        hash(Array(text.utf8))
    }

    /// FNV-1a over `bytes`.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        return value
    }
}
