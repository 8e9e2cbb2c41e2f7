import AgentSimCore
import AgentSimJSON
import LiveKitMetrics

/// What a usage figure counts, whatever a tool calls it.
public enum Measure: String, Sendable, CaseIterable {
    case inputTokens = "input tokens"
    case cachedTokens = "cached input tokens"
    case cacheWriteTokens = "cache-write tokens"
    case outputTokens = "output tokens"
    case reasoningTokens = "reasoning tokens"
    case totalTokens = "total tokens"
    case audioSeconds = "audio seconds"
    case characters = "characters"

    /// Seconds are compared to the microsecond; everything else is a count.
    var isCount: Bool { self != .audioSeconds }
}

/// One figure as a view reports it: what it counts, the view's own name for it and its value.
public struct Figure: Sendable, Equatable {
    public var measure: Measure
    /// The view's field (`prompt_tokens`, `gen_ai.usage.input_tokens`, `usage_details.input`).
    public var name: String
    public var value: Double

    public init(_ measure: Measure, _ name: String, _ value: Double) {
        self.measure = measure
        self.name = name
        self.value = value
    }

    public init(_ measure: Measure, _ name: String, _ value: Int) {
        self.init(measure, name, Double(value))
    }
}

/// One service's figures in a view (a pipeline has three; a view that does not cover a role leaves it out).
public struct ServiceFigures: Sendable, Equatable {
    public var role: ServiceRole
    public var provider: String
    public var model: String
    public var figures: [Figure]

    public init(role: ServiceRole, provider: String, model: String, figures: [Figure]) {
        self.role = role
        self.provider = provider
        self.model = model
        self.figures = figures
    }

    public func figure(_ measure: Measure) -> Figure? { figures.first { $0.measure == measure } }
}

/// A cost in US dollars, with what could not be priced.
public struct ViewCost: Sendable, Equatable {
    public var dollars: Double
    /// One line per service (or usage key) the price table has no price for; their cost is left out of `dollars`.
    public var unpriced: [String]

    public init(dollars: Double, unpriced: [String] = []) {
        self.dollars = dollars
        self.unpriced = unpriced
    }
}

/// A normaliser's reading of one session: per-service figures, the objects as the tool holds them, and a cost.
public struct NormalisedUsage: Sendable {
    public var services: [ServiceFigures]
    /// The tool's own objects for the session (per request, then totals), for `--format json`.
    public var native: JSONValue
    public var cost: ViewCost?
    /// Sentences on what the view could not read at all (an API it has no rules for), shown first among its
    /// differences.
    public var notes: [String]

    public init(services: [ServiceFigures], native: JSONValue, cost: ViewCost?, notes: [String] = []) {
        self.services = services
        self.native = native
        self.cost = cost
        self.notes = notes
    }
}

/// A figure where a view and the bill disagree.
public struct ViewGap: Sendable, Equatable {
    public var role: ServiceRole
    public var measure: Measure
    /// The view's name for the figure, nil when the view does not report it at all.
    public var name: String?
    public var view: Double?
    public var billed: Double

    /// The plain sentence: what the view counts against what was billed.
    public func sentence(view title: String) -> String {
        guard let name, let view else {
            return
                "\(title) does not report the \(Number.text(billed, measure)) \(measure.rawValue) the \(role.rawValue) "
                + "billed."
        }
        let difference = view - billed
        let side = difference > 0 ? "over" : "under"
        return
            "\(title)'s \(name) \(Number.text(view, measure)) is \(Number.text(abs(difference), measure)) \(side) the "
            + "\(Number.text(billed, measure)) \(measure.rawValue) the \(role.rawValue) billed."
    }
}

/// Figures as the text output writes them: counts with thousands separators, seconds with two decimals.
public enum Number {
    public static func text(_ value: Double, _ measure: Measure) -> String {
        measure.isCount ? grouped(Int(value.rounded())) : seconds(value)
    }

    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    public static func seconds(_ s: Double) -> String {
        let hundredths = Int((s * 100).rounded())
        let whole = hundredths / 100, frac = abs(hundredths % 100)
        return "\(whole).\(frac < 10 ? "0" : "")\(frac) s"
    }

    public static func dollars(_ d: Double) -> String {
        // Six decimals: a pipeline turn costs fractions of a cent.
        let micro = Int((d * 1_000_000).rounded())
        let whole = micro / 1_000_000, frac = String(abs(micro % 1_000_000))
        return "$\(whole).\(String(repeating: "0", count: 6 - frac.count))\(frac)"
    }
}

/// One usage normaliser users compare their bill against: LiveKit's collectors, Pipecat, Letta, OpenTelemetry's
/// GenAI attributes, Langfuse. Each is a small module that reads the session the way the tool does (from the
/// providers' native payloads, or from what another tool hands it) and says why it differs from the bill.
public protocol UsageNormaliser: Sendable {
    /// A short id (`pipecat`), used in `--views` and in the JSON.
    var id: String { get }
    /// The column heading (`Pipecat 1.14`).
    var title: String { get }
    /// What the view counts, and how, one rule per line (shown by `agentsim views --rules`).
    var rules: [String] { get }
    /// Where the rules come from: file and line in the tool's code, its docs or issues.
    var sources: [String] { get }
    /// The session as this tool reports it.
    func read(_ session: ViewSession, prices: PriceTable) -> NormalisedUsage
    /// One sentence or more for the figures of one service that differ from the bill: every gap must be covered.
    /// The default gives ``ViewGap/sentence(view:)`` for each.
    func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String]
}

extension UsageNormaliser {
    public func explain(_ gaps: [ViewGap], role: ServiceRole, in session: ViewSession) -> [String] {
        gaps.map { $0.sentence(view: title) }
    }
}
