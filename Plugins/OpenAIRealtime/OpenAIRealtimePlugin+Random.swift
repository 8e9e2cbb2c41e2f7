import AgentSimCore

extension OpenAIRealtimePlugin {
    /// Any model, and every knob either left at its default or drawn from its valid range.
    public func randomSetup(using rng: inout SeededGenerator) -> RandomSetup {
        var s = OptionSampler(rng: rng)
        let model = s.pick(documentation.models.map(\.name))
        s.maybe("input_audio_tokens_per_second", [8, 10, 12])
        s.maybe("output_audio_tokens_per_second", [20, 24])
        s.maybe("caching", [true, false])
        s.maybe("cache_min_tokens", [128, 256, 512, 1024])
        s.maybe("cache_step_tokens", [64, 128])
        s.maybe("item_overhead_tokens", [0, 2, 4])
        s.maybe("truncation", ["auto", "disabled"])
        s.maybe("truncation_threshold", [400, 1500, 28_224])
        s.maybe("interrupted_billing", ["generated", "played"])
        s.maybe("input_audio_transcription", ["none", "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"])
        s.maybe("transcription_timing", ["before_response", "after_response"])
        s.maybe("schema", ["ga", "beta"])
        s.maybe("connection_event", [true, false])
        s.maybe("cache_scope", ["organisation", "session"])
        s.maybe("earlier_sessions", ["none", "same_instructions", "same_conversation"])
        s.maybe("discarded_per_interruption", [0, 1, 2])
        if OpenAIRealtimeOptions.reasoningModels.contains(model) {
            s.maybe("reasoning_effort", ["none", "low", "medium", "high"])
            s.maybe("reasoning_tokens", [0, 19, 120])
        }
        rng = s.rng
        return RandomSetup(model: model, options: s.json)
    }
}
