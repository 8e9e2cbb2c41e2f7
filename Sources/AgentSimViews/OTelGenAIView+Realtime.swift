import LiveKitMetrics

extension OTelGenAIView {
    /// The usage attributes LiveKit 1.8.9 puts on a realtime turn's span (telemetry/utils.py
    /// `record_realtime_metrics`), in the order it sets them: the official keys (input and output, their text, audio
    /// and image parts, the cache reads) and the unofficial spellings it keeps beside them for Langfuse and Datadog
    /// (`input_text_tokens`, `input_audio_tokens`, `input_cached_tokens`, `output_text_tokens`, `output_audio_tokens`);
    /// the cached tokens' text, audio and image parts when the details are reported.
    public static func attributes(_ m: RealtimeModelMetrics) -> [(String, Int)] {
        let input = m.inputTokenDetails, output = m.outputTokenDetails
        var attrs: [(String, Int)] = [
            ("gen_ai.usage.input_tokens", m.inputTokens), ("gen_ai.usage.output_tokens", m.outputTokens),
            ("gen_ai.usage.text.input_tokens", input.textTokens),
            ("gen_ai.usage.audio.input_tokens", input.audioTokens),
            ("gen_ai.usage.image.input_tokens", input.imageTokens),
            ("gen_ai.usage.text.output_tokens", output.textTokens),
            ("gen_ai.usage.audio.output_tokens", output.audioTokens),
            ("gen_ai.usage.cache_read.input_tokens", input.cachedTokens),
            ("gen_ai.usage.input_text_tokens", input.textTokens),
            ("gen_ai.usage.input_audio_tokens", input.audioTokens),
            ("gen_ai.usage.input_cached_tokens", input.cachedTokens),
            ("gen_ai.usage.output_text_tokens", output.textTokens),
            ("gen_ai.usage.output_audio_tokens", output.audioTokens),
        ]
        if let cached = input.cachedTokensDetails {
            attrs += [
                ("gen_ai.usage.text.cache_read.input_tokens", cached.textTokens),
                ("gen_ai.usage.audio.cache_read.input_tokens", cached.audioTokens),
                ("gen_ai.usage.image.cache_read.input_tokens", cached.imageTokens),
            ]
        }
        return attrs
    }
}
