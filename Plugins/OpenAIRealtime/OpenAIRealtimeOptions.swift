import AgentSimCore

/// The `session.options` knobs of `openai-realtime`, validated.
struct OpenAIRealtimeOptions: Sendable {
    enum Schema: String, Sendable { case ga, beta }
    enum Transcription: String, Sendable, CaseIterable {
        case whisper1 = "whisper-1"
        case gpt4oTranscribe = "gpt-4o-transcribe"
        case gpt4oMiniTranscribe = "gpt-4o-mini-transcribe"

        /// whisper-1 reports `{type: "duration", seconds}`; the gpt-4o family reports tokens.
        var reportsDuration: Bool { self == .whisper1 }
    }
    enum TranscriptionTiming: String, Sendable { case beforeResponse = "before_response", afterResponse = "after_response" }
    enum InterruptedBilling: String, Sendable { case generated, played }

    var inputAudioTokensPerSecond = 10.0
    var outputAudioTokensPerSecond = 20.0
    var caching = true
    var cacheMinimumTokens = 1024
    var cacheStepTokens = 128
    var itemOverheadTokens = 2
    var charactersPerToken = 4
    var truncationThreshold = 28_224
    var truncation = true
    var interruptedBilling = InterruptedBilling.generated
    var transcription: Transcription?
    var transcriptionTiming = TranscriptionTiming.beforeResponse
    var schema = Schema.ga
    var connectionEvent = true
    var host = "api.openai.com"

    init(_ value: ScenarioValue) throws(ScenarioError) {
        var r = try MapReader(value, path: "session.options")
        inputAudioTokensPerSecond = try r.double("input_audio_tokens_per_second", in: 0...10_000) ?? inputAudioTokensPerSecond
        outputAudioTokensPerSecond = try r.double("output_audio_tokens_per_second", in: 0...10_000) ?? outputAudioTokensPerSecond
        caching = try r.bool("caching") ?? caching
        cacheMinimumTokens = try r.int("cache_min_tokens", in: 1...10_000_000) ?? cacheMinimumTokens
        cacheStepTokens = try r.int("cache_step_tokens", in: 1...10_000_000) ?? cacheStepTokens
        itemOverheadTokens = try r.int("item_overhead_tokens", in: 0...1000) ?? itemOverheadTokens
        charactersPerToken = try r.int("characters_per_token", in: 1...100) ?? charactersPerToken
        truncationThreshold = try r.int("truncation_threshold", in: 1...10_000_000) ?? truncationThreshold
        if let t = try r.choice("truncation", among: ["auto", "disabled"]) { truncation = t == "auto" }
        if let b = try r.choice("interrupted_billing", among: ["generated", "played"]) { interruptedBilling = InterruptedBilling(rawValue: b)! }
        if let t = try r.choice("input_audio_transcription", among: ["none"] + Transcription.allCases.map(\.rawValue)) {
            transcription = Transcription(rawValue: t)
        }
        if let t = try r.choice("transcription_timing", among: ["before_response", "after_response"]) {
            transcriptionTiming = TranscriptionTiming(rawValue: t)!
        }
        if let s = try r.choice("schema", among: ["ga", "beta"]) { schema = Schema(rawValue: s)! }
        connectionEvent = try r.bool("connection_event") ?? connectionEvent
        host = try r.string("host") ?? host
        try r.finish()
    }

    static let documentation: [OptionDocumentation] = [
        .init(key: "input_audio_tokens_per_second", form: "number ≥ 0", defaultValue: "10", summary: "User audio: 1 token per 100 ms (realtime-costs guide). Whole tokens, floor, per audio item."),
        .init(key: "output_audio_tokens_per_second", form: "number ≥ 0", defaultValue: "20", summary: "Assistant audio: 1 token per 50 ms (realtime-costs guide)."),
        .init(key: "caching", form: "true | false", defaultValue: "true", summary: "Automatic prefix caching of the previous request's context."),
        .init(key: "cache_min_tokens", form: "whole number ≥ 1", defaultValue: "1024", summary: "Shortest prefix that is cached (general prompt-caching guide; OpenAI does not document a Realtime figure)."),
        .init(key: "cache_step_tokens", form: "whole number ≥ 1", defaultValue: "128", summary: "Cached prefixes grow in steps of this many tokens above the minimum."),
        .init(key: "item_overhead_tokens", form: "whole number ≥ 0", defaultValue: "2", summary: "Special text tokens every context item (and the instructions) adds (the guide: '10 text tokens of content may count as 12')."),
        .init(key: "characters_per_token", form: "whole number ≥ 1", defaultValue: "4", summary: "Text-token estimate for text without an exact count: ceil(characters / this)."),
        .init(key: "truncation", form: "auto | disabled", defaultValue: "auto", summary: "Drop the oldest items when the context passes truncation_threshold; that breaks the cache."),
        .init(key: "truncation_threshold", form: "whole number ≥ 1", defaultValue: "28224", summary: "Context size at which truncation starts (a 32k model with 4,096 max output tokens)."),
        .init(key: "interrupted_billing", form: "generated | played", defaultValue: "generated", summary: "What an interrupted response bills as output audio: everything generated (generation outruns playback) or only what was played."),
        .init(key: "input_audio_transcription", form: "none | whisper-1 | gpt-4o-transcribe | gpt-4o-mini-transcribe", defaultValue: "none", summary: "Input transcription; its usage becomes an STTMetrics event (duration shape for whisper-1, tokens shape otherwise)."),
        .init(key: "transcription_timing", form: "before_response | after_response", defaultValue: "before_response", summary: "Whether transcription.completed arrives before the response it precedes or after its response.done."),
        .init(key: "schema", form: "ga | beta", defaultValue: "ga", summary: "Wire schema of response.usage: GA has image_tokens and cached_tokens_details; beta has neither."),
        .init(key: "connection_event", form: "true | false", defaultValue: "true", summary: "LiveKit 1.8.9 emits a zero-usage RealtimeModelMetrics with request_id \"\" when the connection is acquired."),
        .init(key: "host", form: "string", defaultValue: "api.openai.com", summary: "Base-URL host; LiveKit reports it as metadata.model_provider."),
    ]
}
