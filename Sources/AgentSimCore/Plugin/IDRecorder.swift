import Synchronization

/// Records the ids ``SeededGenerator`` draws (``SeededGenerator/identifier(count:)``,
/// ``SeededGenerator/hex(count:)``) while a session runs, with the generator state each started from, so the same id
/// can be drawn again for another id seed without running the session: `agentsim load` renders a scenario once and
/// gives each copy its own ids.
///
/// A generator started from `origin = idSeed ^ H(salt)` is in state `origin &+ n·γ` before its n-th draw; under
/// another id seed the same draw starts from that state `&- origin &+ (origin ^ idSeed ^ idSeed')`.
public final class IDRecorder: Sendable {
    /// One id drawn.
    public struct Draw: Sendable, Equatable {
        /// The state the drawing generator started from.
        public var origin: UInt64
        /// Its state before this id's first draw.
        public var state: UInt64
        public var count: Int
        /// Hex digits (``SeededGenerator/hex(count:)``) rather than letters and digits.
        public var hex: Bool
        public var text: String

        /// The id the same draw gives when the generator's id seed differs from the recorded one by `seedChange`
        /// (the XOR of the two id seeds).
        public func text(seedChange: UInt64) -> String {
            let origin = self.origin ^ seedChange
            return SeededGenerator.text(state: state &- self.origin &+ origin, count: count, hex: hex)
        }

        /// ``text(seedChange:)`` as UTF-8 bytes, made without a `String`.
        public func bytes(seedChange: UInt64) -> [UInt8] {
            let origin = self.origin ^ seedChange
            return SeededGenerator.bytes(state: state &- self.origin &+ origin, count: count, hex: hex)
        }
    }

    private let draws = Mutex<[Draw]>([])

    public init() {}

    /// The recorder ids are reported to in this task, if any.
    @TaskLocal public static var current: IDRecorder?

    func record(_ draw: Draw) {
        draws.withLock { $0.append(draw) }
    }

    /// Every id drawn so far, in order.
    public var recorded: [Draw] { draws.withLock { $0 } }
}
