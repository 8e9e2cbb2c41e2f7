import AgentSimCore

/// Token counts by Gemini `MediaModality`.
struct ModalityCounts: Sendable, Equatable {
    var text = 0
    var audio = 0
    var image = 0
    var video = 0
    var document = 0

    var total: Int { text + audio + image + video + document }

    static func + (a: ModalityCounts, b: ModalityCounts) -> ModalityCounts {
        ModalityCounts(
            text: a.text + b.text, audio: a.audio + b.audio, image: a.image + b.image, video: a.video + b.video,
            document: a.document + b.document)
    }

    static func += (a: inout ModalityCounts, b: ModalityCounts) { a = a + b }

    /// Every entry floor(tokens × fraction).
    func scaled(by fraction: Double) -> ModalityCounts {
        guard fraction < 1 else { return self }
        func f(_ n: Int) -> Int { Int((Double(n) * fraction + 1e-9).rounded(.down)) }
        return ModalityCounts(text: f(text), audio: f(audio), image: f(image), video: f(video), document: f(document))
    }

    /// `[{modality, tokenCount}]` as the API sends it: zero-count modalities are omitted.
    var wire: [JSONValue] {
        let entries: [(String, Int)] = [
            ("TEXT", text), ("AUDIO", audio), ("IMAGE", image), ("VIDEO", video), ("DOCUMENT", document),
        ]
        return entries.filter { $0.1 > 0 }.map { .object([("modality", .string($0.0)), ("tokenCount", .int($0.1))]) }
    }
}

/// One `usageMetadata` as the server computes it.
struct GeminiUsage: Sendable, Equatable {
    var prompt = 0
    var promptDetails = ModalityCounts()
    var cached = 0
    /// nil when the server sends the cached count without its details list.
    var cacheDetails: ModalityCounts?
    var response = 0
    var responseDetails = ModalityCounts()
    var toolUsePrompt = 0
    var toolUsePromptDetails = ModalityCounts()
    var thoughts = 0
    /// The prompt by source, for the report's charts (never on the wire).
    var parts: [InputPart] = []
    /// `serviceTier` (Gemini API only), nil when not sent.
    var serviceTier: String?

    /// Every count and details entry of `a` and `b` summed: a running total under `usage_reporting: cumulative`.
    /// The cache details list is kept when either report has one; the service tier is `b`'s.
    static func + (a: GeminiUsage, b: GeminiUsage) -> GeminiUsage {
        var sum = GeminiUsage()
        sum.prompt = a.prompt + b.prompt
        sum.promptDetails = a.promptDetails + b.promptDetails
        sum.cached = a.cached + b.cached
        if a.cacheDetails != nil || b.cacheDetails != nil {
            sum.cacheDetails = (a.cacheDetails ?? ModalityCounts()) + (b.cacheDetails ?? ModalityCounts())
        }
        sum.response = a.response + b.response
        sum.responseDetails = a.responseDetails + b.responseDetails
        sum.toolUsePrompt = a.toolUsePrompt + b.toolUsePrompt
        sum.toolUsePromptDetails = a.toolUsePromptDetails + b.toolUsePromptDetails
        sum.thoughts = a.thoughts + b.thoughts
        sum.parts = InputPart.combined(a.parts + b.parts)
        sum.serviceTier = b.serviceTier
        return sum
    }

    /// The API's own rule.
    var total: Int { prompt + response + toolUsePrompt + thoughts }

    /// The wire form (camelCase, proto3 JSON: zero counts and empty lists are left out). Vertex
    /// names the response side `candidates…`.
    func json(vertex: Bool) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        func count(_ key: String, _ n: Int) { if n != 0 { pairs.append((key, .int(n))) } }
        func details(_ key: String, _ d: ModalityCounts?) {
            guard let d else { return }
            let wire = d.wire
            if !wire.isEmpty { pairs.append((key, .array(wire))) }
        }
        count("promptTokenCount", prompt)
        count("cachedContentTokenCount", cached)
        count(vertex ? "candidatesTokenCount" : "responseTokenCount", response)
        count("toolUsePromptTokenCount", toolUsePrompt)
        count("thoughtsTokenCount", thoughts)
        count("totalTokenCount", total)
        details("promptTokensDetails", promptDetails)
        details("cacheTokensDetails", cacheDetails)
        details(vertex ? "candidatesTokensDetails" : "responseTokensDetails", responseDetails)
        details("toolUsePromptTokensDetails", toolUsePromptDetails)
        if let serviceTier { pairs.append(("serviceTier", .string(serviceTier))) }
        return .object(pairs)
    }
}

/// What LiveKit's Google plugin reads from a wire `usageMetadata`, after google-genai has parsed it.
///
/// google-genai passes Gemini API usage through under its camelCase aliases, and renames Vertex's
/// `candidatesTokenCount` / `candidatesTokensDetails` to the response fields (so a Vertex message's
/// `responseTokenCount`, if any, is lost). LiveKit then maps AUDIO, TEXT and IMAGE entries one to one
/// (VIDEO, DOCUMENT and MODALITY_UNSPECIFIED are dropped), sums every cacheTokensDetails entry into
/// cached_tokens, and never reads cachedContentTokenCount, toolUsePromptTokenCount or thoughtsTokenCount.
enum LiveKitGoogleReading {
    struct Read: Sendable, Equatable {
        var promptTokenCount: Int
        var responseTokenCount: Int
        var totalTokenCount: Int
        var prompt: RealtimeModelMetrics.CachedTokenDetails
        var cachedSum: Int
        var cached: RealtimeModelMetrics.CachedTokenDetails
        var response: RealtimeModelMetrics.CachedTokenDetails
    }

    static func read(_ usage: JSONValue, vertex: Bool) -> Read {
        let responseKey = vertex ? "candidatesTokenCount" : "responseTokenCount"
        let responseDetailsKey = vertex ? "candidatesTokensDetails" : "responseTokensDetails"
        func int(_ key: String) -> Int { max(0, usage[key]?.intValue ?? 0) }
        func entries(_ key: String) -> [(modality: String, count: Int)] {
            (usage[key]?.arrayValue ?? []).map {
                ($0["modality"]?.stringValue ?? "", max(0, $0["tokenCount"]?.intValue ?? 0))
            }
        }
        func map(_ key: String) -> RealtimeModelMetrics.CachedTokenDetails {
            var d = RealtimeModelMetrics.CachedTokenDetails(audioTokens: 0, textTokens: 0, imageTokens: 0)
            for e in entries(key) where e.count > 0 {
                switch e.modality {
                case "AUDIO": d.audioTokens += e.count
                case "TEXT": d.textTokens += e.count
                case "IMAGE": d.imageTokens += e.count
                default: break
                }
            }
            return d
        }
        return Read(
            promptTokenCount: int("promptTokenCount"), responseTokenCount: int(responseKey),
            totalTokenCount: int("totalTokenCount"),
            prompt: map("promptTokensDetails"),
            cachedSum: entries("cacheTokensDetails").reduce(0) { $0 + $1.count },
            cached: map("cacheTokensDetails"),
            response: map(responseDetailsKey))
    }
}
