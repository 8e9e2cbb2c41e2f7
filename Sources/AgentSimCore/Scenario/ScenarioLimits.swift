/// The upper bounds of a scenario, checked when it is loaded (README, "Bounds").
///
/// Together they keep every figure the engine and the plugins compute far below `Int.max`: a context
/// holds at most `maxTurns` items of at most `maxTokens` text tokens and `maxUtteranceSeconds` of audio
/// at the plugins' highest rate (10,000 tokens/s), about 4.6 × 10^11 tokens, and a session sums at most
/// `maxTurns` such reports, about 4.6 × 10^15, against `Int.max` ≈ 9.2 × 10^18.
public enum ScenarioLimits {
    /// Largest scenario file read (1 MiB); the shipped ones are a few kilobytes.
    public static let maxFileBytes = 1 << 20
    /// Most values (scalars, lists, maps) a document may hold once YAML aliases are expanded.
    public static let maxValues = 250_000
    /// Most characters of scalar text a document may hold once YAML aliases are expanded (4 MiB).
    public static let maxExpandedText = 4 << 20
    /// Deepest nesting of lists and maps.
    public static let maxDepth = 64
    /// Most entries under `turns:`.
    public static let maxTurns = 10_000
    /// Largest token count: `instructions_tokens`, `text_tokens`, `arguments_tokens`, `result_tokens`,
    /// `instructions.tokens`.
    public static let maxTokens = 10_000_000
    /// Shortest utterance or silence: 1 ms, at least one sample at every Opus rate.
    public static let minUtteranceSeconds = 0.001
    /// Longest utterance, silence or `interrupted_after` (one hour), whether given as `seconds` or derived
    /// from the word count at the speaker's rate.
    public static let maxUtteranceSeconds = 3600.0
    /// Latest `session.start_time` (10^10 s after the Unix epoch, in the year 2286).
    public static let maxStartTime = 10_000_000_000.0
    /// Largest seed, in a file or on the command line (2^63 − 1).
    public static let maxSeed = UInt64(Int.max)
}
