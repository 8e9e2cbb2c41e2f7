import AgentSimCore
import Foundation

/// How sessions start, in AIPerf's and GuideLLM's terms.
public enum LoadShape: Sendable, Equatable, CustomStringConvertible {
    /// At most C sessions in flight: a session starts when one ends.
    case concurrency(Int)
    /// R new sessions per second, at constant intervals or as a Poisson process.
    case rate(Double, Arrivals)

    public enum Arrivals: String, Sendable, CaseIterable {
        case constant, poisson
    }

    public var description: String {
        switch self {
        case let .concurrency(c): return "concurrency \(c)"
        case let .rate(r, a): return "rate \(r) sessions/s (\(a.rawValue) arrivals)"
        }
    }
}

/// How fast events go out: as fast as possible, or at their times on the session clock (optionally sped up).
public enum Pace: Sendable, Equatable, CustomStringConvertible {
    case max
    /// Session-clock seconds per wall second (1 = real time).
    case realtime(Double)

    /// The speeds `Nx` takes: from a thousandth of real time to a million times faster.
    public static let speeds = 0.001...1_000_000.0

    /// Parses `max`, `realtime` or `Nx` (N in ``speeds``, e.g. `10x`).
    public init?(parsing text: String) {
        if text == "max" { self = .max; return }
        if text == "realtime" { self = .realtime(1); return }
        guard text.hasSuffix("x"), let n = Double(text.dropLast()), n.isFinite, Self.speeds.contains(n) else {
            return nil
        }
        self = .realtime(n)
    }

    public var description: String {
        switch self {
        case .max: return "max"
        case .realtime(1): return "realtime"
        case let .realtime(n): return "\(Figures.number(n))x"
        }
    }
}

/// Session start times under a rate: constant gaps of 1/R, or exponential gaps drawn from the seed.
/// Times depend on the plan index only, so a shard's sessions start when they would in the whole run.
struct ArrivalClock {
    let rate: Double
    let arrivals: LoadShape.Arrivals
    private var rng: SeededGenerator
    private var nextIndex = 0
    private var last = 0.0

    init(rate: Double, arrivals: LoadShape.Arrivals, seed: UInt64) {
        self.rate = rate
        self.arrivals = arrivals
        rng = SeededGenerator(seed: LoadPlan.mix(seed ^ 0x6172_7269_7661_6C73, 0))  // "arrivals"
    }

    /// The start time of plan index `index` (indices must not decrease between calls).
    mutating func time(of index: Int) -> Double {
        switch arrivals {
        case .constant:
            return Double(index) / rate
        case .poisson:
            while nextIndex <= index {
                if nextIndex > 0 {
                    let u = Double(rng.next() >> 11) / Double(1 << 53)
                    last += -Foundation.log(1 - u) / rate
                }
                nextIndex += 1
            }
            return last
        }
    }
}
