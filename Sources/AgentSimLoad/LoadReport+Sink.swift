import AgentSimCore
import Histogram

extension LoadReport {
    /// What one sink did.
    public struct Sink: Codable, Sendable {
        public struct Latency: Codable, Sendable {
            public var p50: Double
            public var p90: Double
            public var p99: Double
            public var max: Double
        }

        /// The sink as the command line names it.
        public var sink: String
        public var lines: Int
        public var bytes: Int
        public var requests: Int
        public var retries: Int
        public var inFlightMax: Int
        /// Delivery latency percentiles in milliseconds.
        public var latencyMilliseconds: Latency
        /// The histogram's recorded values: (microseconds, count) pairs, so that shards' histograms add up.
        public var latencyMicroseconds: [[Int]]
        /// Every line sent again.
        public var resent: Effect

        enum CodingKeys: String, CodingKey {
            case sink, lines, bytes, requests, retries, inFlightMax = "in_flight_max"
            case latencyMilliseconds = "latency_ms", latencyMicroseconds = "latency_us", resent
        }

        init(_ s: SinkStatistics) {
            self.init(s, resent: Effect(s.resent))
        }

        init(_ s: SinkStatistics, resent: Effect) {
            let h = s.latency
            func ms(_ us: UInt64) -> Double { Double(us) / 1000 }
            sink = s.name
            lines = s.lines
            bytes = s.bytes
            requests = s.requests
            retries = s.retries
            inFlightMax = s.inFlightMax
            latencyMilliseconds = Latency(
                p50: ms(h.valueAtPercentile(50)), p90: ms(h.valueAtPercentile(90)), p99: ms(h.valueAtPercentile(99)),
                max: ms(h.totalCount > 0 ? h.max : 0))
            latencyMicroseconds = h.recordedValues().map { [Int($0.value), Int($0.count)] }
            self.resent = resent
        }

        /// One sink's reports of several shards added: counts summed, histograms added, resent lines joined.
        /// - Throws: ``TotalsJSON/Overflow`` when a sum passes 2^63 − 1. Each report's latency counts add up to at
        ///   most its lines (``LoadReport/validate(file:)``), so the histogram's counts stay within range too.
        static func merge(_ all: [Sink]) throws(TotalsJSON.Overflow) -> Sink {
            var stats = SinkStatistics(name: all.first?.sink ?? "")
            for s in all {
                stats.lines = try LoadReport.add(stats.lines, s.lines, "sinks.lines")
                stats.bytes = try LoadReport.add(stats.bytes, s.bytes, "sinks.bytes")
                stats.requests = try LoadReport.add(stats.requests, s.requests, "sinks.requests")
                stats.retries = try LoadReport.add(stats.retries, s.retries, "sinks.retries")
                stats.inFlightMax = Swift.max(stats.inFlightMax, s.inFlightMax)
                for pair in s.latencyMicroseconds {
                    guard pair.count == 2, pair[0] >= 0, pair[1] > 0 else { continue }
                    _ = stats.latency.record(UInt64(pair[0]), count: UInt64(pair[1]))
                }
            }
            return Sink(stats, resent: try Effect.merge(all.map(\.resent), field: "sinks.resent"))
        }
    }
}
