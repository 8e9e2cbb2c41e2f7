/// Deterministic pseudo-random numbers (SplitMix64): every random choice flows from the scenario's seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// The state the generator started from (for ``IDRecorder``).
    private let origin: UInt64

    public init(seed: UInt64) {
        state = seed
        origin = seed
    }

    /// A generator for one purpose (`salt`) under a seed, so independent streams don't shift each other.
    public init(seed: UInt64, salt: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in salt.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        state = seed ^ hash
        origin = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` characters from [A-Za-z0-9], like the ids providers send.
    public mutating func identifier(count: Int) -> String {
        let before = state
        let text = String((0..<count).map { _ in Self.alphanumerics[Int(next() % UInt64(Self.alphanumerics.count))] })
        IDRecorder.current?.record(IDRecorder.Draw(origin: origin, state: before, count: count, hex: false, text: text))
        return text
    }

    /// `count` lowercase hex digits, one draw each (LiveKit's `shortuuid()` ids are 12 of them).
    public mutating func hex(count: Int) -> String {
        let before = state
        let text = String((0..<count).map { _ in Self.hexDigits[Int(next() % 16)] })
        IDRecorder.current?.record(IDRecorder.Draw(origin: origin, state: before, count: count, hex: true, text: text))
        return text
    }

    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let hexDigits = Array("0123456789abcdef")

    /// The bytes of ``text(state:count:hex:)``.
    static func bytes(state: UInt64, count: Int, hex: Bool) -> [UInt8] {
        var generator = SeededGenerator(seed: state)
        let alphabet = hex ? hexBytes : alphanumericBytes
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for k in 0..<count { buffer[k] = alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            initialized = count
        }
    }

    private static let alphanumericBytes = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let hexBytes = Array("0123456789abcdef".utf8)

    /// The text ``identifier(count:)`` (or ``hex(count:)``) returns for a generator in `state`.
    static func text(state: UInt64, count: Int, hex: Bool) -> String {
        var generator = SeededGenerator(seed: state)
        return hex
            ? String((0..<count).map { _ in hexDigits[Int(generator.next() % 16)] })
            : String((0..<count).map { _ in alphanumerics[Int(generator.next() % UInt64(alphanumerics.count))] })
    }
}
