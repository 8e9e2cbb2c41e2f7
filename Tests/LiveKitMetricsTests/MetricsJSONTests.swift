import AgentSimJSON
import LiveKitMetrics
import Testing

struct MetricsJSONTests {
    static let otherInterruption: AgentMetrics = .other(
        type: "interruption_metrics",
        .object([
            ("type", "interruption_metrics"), ("timestamp", 1.5), ("total_duration", 0.25),
            ("prediction_duration", 0.125), ("detection_delay", 0.5), ("num_interruptions", 1),
            ("num_backchannels", 2), ("num_requests", 3), ("metadata", nil),
        ]))

    static let everyKind: [AgentMetrics] = Fixtures.sequence + [otherInterruption]

    @Test(arguments: everyKind)
    func jsonRoundTripsThroughDecode(_ metrics: AgentMetrics) throws {
        let json = metrics.json()
        #expect(json.keys.first == "type")
        #expect(json["type"] == .string(metrics.type))
        #expect(try AgentMetrics.decode(json) == metrics)
        // …and through text, the way lines are written and read.
        let reparsed = try JSONValue.parse(json.compactString())
        #expect(try AgentMetrics.decode(reparsed) == metrics)
    }

    @Test func typeLiterals() {
        #expect(
            Fixtures.sequence.map(\.type) == [
                "realtime_model_metrics", "realtime_model_metrics", "realtime_model_metrics",
                "realtime_model_metrics", "stt_metrics", "stt_metrics", "tts_metrics", "llm_metrics",
                "stt_metrics", "vad_metrics", "eou_metrics",
            ])
        #expect(Self.otherInterruption.type == "interruption_metrics")
    }

    @Test func realtimeKeyOrderIsThe1_8_9ModelDumpOrder() throws {
        let json = AgentMetrics.realtime(Fixtures.response1).json()
        #expect(
            json.keys == [
                "type", "label", "request_id", "timestamp", "duration", "session_duration", "ttft",
                "cancelled", "input_tokens", "output_tokens", "total_tokens", "tokens_per_second",
                "input_token_details", "output_token_details", "acquire_time", "connection_reused", "metadata",
            ])
        let input = try #require(json["input_token_details"])
        #expect(
            input.keys == ["audio_tokens", "text_tokens", "image_tokens", "cached_tokens", "cached_tokens_details"])
        #expect(try #require(input["cached_tokens_details"]).keys == ["audio_tokens", "text_tokens", "image_tokens"])
        #expect(try #require(json["output_token_details"]).keys == ["text_tokens", "audio_tokens", "image_tokens"])
        #expect(try #require(json["metadata"]).keys == ["model_name", "model_provider"])
    }

    @Test func otherKindsKeepTheirFieldOrder() {
        #expect(
            AgentMetrics.llm(Fixtures.llm).json().keys == [
                "type", "label", "request_id", "timestamp", "duration", "ttft", "cancelled",
                "completion_tokens", "prompt_tokens", "prompt_cached_tokens", "cache_creation_tokens",
                "reasoning_tokens", "total_tokens", "tokens_per_second", "speech_id", "metadata",
            ])
        #expect(
            AgentMetrics.stt(Fixtures.sttTokens).json().keys == [
                "type", "label", "request_id", "timestamp", "duration", "audio_duration", "streamed",
                "input_tokens", "output_tokens", "total_tokens", "input_audio_tokens", "acquire_time",
                "connection_reused", "metadata",
            ])
        #expect(
            AgentMetrics.tts(Fixtures.tts).json().keys == [
                "type", "label", "request_id", "timestamp", "ttfb", "duration", "audio_duration", "cancelled",
                "characters_count", "input_tokens", "output_tokens", "streamed", "acquire_time",
                "connection_reused", "segment_id", "speech_id", "metadata",
            ])
        #expect(
            AgentMetrics.eou(Fixtures.eou).json().keys == [
                "type", "timestamp", "end_of_utterance_delay", "transcription_delay",
                "on_user_turn_completed_delay", "last_speaking_time", "speech_id", "metadata",
            ])
        #expect(
            AgentMetrics.vad(Fixtures.vad).json().keys == [
                "type", "label", "timestamp", "idle_time", "inference_duration_total", "inference_count", "metadata",
            ])
    }

    @Test func nilOptionalsAreWrittenAsNull() {
        // E9 has no metadata; the zero-usage event keeps its (all-zero) cached details.
        let stt = AgentMetrics.stt(Fixtures.sttNoMetadata).json()
        #expect(stt["metadata"] == .null)
        var realtime = Fixtures.zeroUsage
        realtime.inputTokenDetails.cachedTokensDetails = nil
        realtime.metadata = nil
        let json = AgentMetrics.realtime(realtime).json()
        #expect(json["input_token_details"]?["cached_tokens_details"] == .null)
        #expect(json["metadata"] == .null)
        #expect(AgentMetrics.eou(Fixtures.eou).json()["metadata"] == .null)
    }

    @Test func compactLineOfTheZeroUsageEvent() {
        // Written out by hand from the fixture, in 1.8.9 field order.
        let expected =
            #"{"type":"realtime_model_metrics","label":"openai.realtime","request_id":"","timestamp":1700000000.0,"#
            + #""duration":0.0,"session_duration":0.0,"ttft":-1.0,"cancelled":false,"input_tokens":0,"#
            + #""output_tokens":0,"total_tokens":0,"tokens_per_second":0.0,"input_token_details":{"audio_tokens":0,"#
            + #""text_tokens":0,"image_tokens":0,"cached_tokens":0,"cached_tokens_details":{"audio_tokens":0,"#
            + #""text_tokens":0,"image_tokens":0}},"output_token_details":{"text_tokens":0,"audio_tokens":0,"#
            + #""image_tokens":0},"acquire_time":0.25,"connection_reused":false,"#
            + #""metadata":{"model_name":"gpt-realtime","model_provider":"api.openai.com"}}"#
        #expect(AgentMetrics.realtime(Fixtures.zeroUsage).json().compactString() == expected)
    }

    @Test func sttTotalTokensDefaultsToInputPlusOutput() {
        // E6 was built without total_tokens: 40 + 12 = 52.
        #expect(Fixtures.sttTokens.totalTokens == 52)
        let explicit = STTMetrics(
            label: "s", requestId: "r", timestamp: 0, duration: 0, audioDuration: 0, streamed: true,
            inputTokens: 40, outputTokens: 12, totalTokens: 60)
        #expect(explicit.totalTokens == 60)
    }
}
