import AgentSimJSON
import LiveKitMetrics
import Testing

struct MetricsDecodingTests {
    /// A minimal valid 1.8.9 realtime line: only the fields without a default.
    static func minimalRealtime(input: [(String, JSONValue)] = [], extra: [(String, JSONValue)] = []) -> JSONValue {
        .object(
            [
                ("type", "realtime_model_metrics"), ("request_id", "resp_9"), ("timestamp", 12),
                ("input_token_details", .object(input)), ("output_token_details", .object([])),
            ] + extra)
    }

    static func decodeError(_ json: JSONValue) -> MetricsDecodingError? {
        do {
            _ = try AgentMetrics.decode(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func rejectsAFractionalNumberForAnIntAndNamesTheField() throws {
        let json = Self.minimalRealtime(input: [("audio_tokens", 3.5)])
        let error = try #require(Self.decodeError(json))
        #expect(error.path == "input_token_details.audio_tokens")
        #expect(error.description == "input_token_details.audio_tokens: expected an integer, got 3.5")
    }

    @Test func rejectsAnUnknownType() throws {
        let error = try #require(Self.decodeError(.object([("type", "gpu_metrics"), ("timestamp", 1.0)])))
        #expect(error.path == "type")
        #expect(error.description.contains("gpu_metrics"))
        let missing = try #require(Self.decodeError(.object([("timestamp", 1.0)])))
        #expect(missing.description == "type: field required")
    }

    @Test func rejectsAMissingRequestID() throws {
        let json: JSONValue = .object([
            ("type", "realtime_model_metrics"), ("timestamp", 12.0),
            ("input_token_details", .object([])), ("output_token_details", .object([])),
        ])
        let error = try #require(Self.decodeError(json))
        #expect(error.description == "request_id: field required")
    }

    @Test func rejectsWrongTypesAndNulls() throws {
        // str fields take only strings; non-optional fields refuse null; a model needs an object.
        let intLabel = Self.minimalRealtime(extra: [("label", 5)])
        #expect(Self.decodeError(intLabel)?.description == "label: expected a string, got 5")
        let nullTokens = Self.minimalRealtime(extra: [("input_tokens", nil)])
        #expect(Self.decodeError(nullTokens)?.description == "input_tokens: expected an integer, got null")
        let badBool = Self.minimalRealtime(extra: [("cancelled", 2)])
        #expect(Self.decodeError(badBool)?.description == "cancelled: expected a boolean, got 2")
        let badFloat = Self.minimalRealtime(extra: [("duration", "fast")])
        #expect(Self.decodeError(badFloat)?.description == #"duration: expected a finite number, got "fast""#)
        let nullDetails: JSONValue = .object([
            ("type", "realtime_model_metrics"), ("request_id", "r"), ("timestamp", 1),
            ("input_token_details", nil), ("output_token_details", .object([])),
        ])
        #expect(Self.decodeError(nullDetails)?.path == "input_token_details")
        #expect(Self.decodeError(.array([]))?.description == "expected an object, got []")
        let badMetadata = Self.minimalRealtime(extra: [("metadata", .object([("model_name", 4)]))])
        #expect(Self.decodeError(badMetadata)?.description == "metadata.model_name: expected a string, got 4")
    }

    @Test func acceptsNumericStringsWholeFloatsAndIgnoresUnknownKeys() throws {
        let json = Self.minimalRealtime(
            input: [("audio_tokens", "12"), ("text_tokens", 3.0), ("cached_tokens", " 1_000 "), ("video_tokens", 9)],
            extra: [("input_tokens", "12.0"), ("duration", "1.5"), ("cancelled", "yes"), ("unknown_key", [1, 2])])
        guard case let .realtime(m) = try AgentMetrics.decode(json) else {
            Issue.record("expected a realtime event")
            return
        }
        #expect(m.inputTokenDetails.audioTokens == 12)
        #expect(m.inputTokenDetails.textTokens == 3)
        #expect(m.inputTokenDetails.cachedTokens == 1000)
        #expect(m.inputTokens == 12)
        #expect(m.duration == 1.5)
        #expect(m.cancelled == true)
        #expect(m.timestamp == 12.0)
        #expect(!m.json().keys.contains("unknown_key"))
    }

    @Test func missingFieldsTakeThe1_8_9Defaults() throws {
        let decoded = try AgentMetrics.decode(Self.minimalRealtime())
        // label "", duration 0.0, session_duration 0.0, ttft -1, cancelled False, tokens 0,
        // tokens_per_second 0.0, all details 0, cached_tokens_details None, acquire 0.0, not reused, no metadata.
        let expected = RealtimeModelMetrics(
            label: "", requestId: "resp_9", timestamp: 12.0, duration: 0.0, ttft: -1.0, cancelled: false,
            inputTokens: 0, outputTokens: 0, totalTokens: 0, tokensPerSecond: 0.0,
            inputTokenDetails: .init(audioTokens: 0, textTokens: 0, imageTokens: 0, cachedTokens: 0),
            outputTokenDetails: .init(textTokens: 0, audioTokens: 0, imageTokens: 0))
        #expect(decoded == .realtime(expected))
    }

    @Test func sttTotalDefaultsOnlyWhenAbsent() throws {
        func stt(_ extra: [(String, JSONValue)]) -> JSONValue {
            .object(
                [
                    ("type", "stt_metrics"), ("label", "s"), ("request_id", "r"), ("timestamp", 1),
                    ("duration", 0), ("audio_duration", 0), ("streamed", false), ("input_tokens", 7),
                    ("output_tokens", 5),
                ] + extra)
        }
        guard case let .stt(absent) = try AgentMetrics.decode(stt([])),
            case let .stt(present) = try AgentMetrics.decode(stt([("total_tokens", 3)]))
        else {
            Issue.record("expected STT events")
            return
        }
        #expect(absent.totalTokens == 12)  // 7 + 5
        #expect(present.totalTokens == 3)  // as given, even though inconsistent
    }

    @Test func eouWithoutLastSpeakingTimeDecodesAsZero() throws {
        // A 1.8.9 line has no last_speaking_time; it becomes 0.0 and is written back.
        let json: JSONValue = .object([
            ("type", "eou_metrics"), ("timestamp", 5), ("end_of_utterance_delay", 0.5),
            ("transcription_delay", 0.25), ("on_user_turn_completed_delay", 0.0),
        ])
        guard case let .eou(m) = try AgentMetrics.decode(json) else {
            Issue.record("expected an EOU event")
            return
        }
        #expect(m.lastSpeakingTime == 0.0)
        #expect(m.speechId == nil)
        #expect(m.json()["last_speaking_time"] == .double(0.0))
    }

    @Test func eouLastSpeakingTimeIsReadWhenNumericAndIgnoredOtherwise() throws {
        // 1.8.9 has no such field, so it accepts any value there; a numeric one ("7.5" is lax
        // for 7.5) is kept, anything else is replaced by 0.0 rather than rejected.
        func lastSpeaking(_ v: JSONValue) throws -> Double? {
            let json: JSONValue = .object([
                ("type", "eou_metrics"), ("timestamp", 5), ("end_of_utterance_delay", 0.5),
                ("transcription_delay", 0.25), ("on_user_turn_completed_delay", 0.0), ("last_speaking_time", v),
            ])
            guard case let .eou(m) = try AgentMetrics.decode(json) else { return nil }
            return m.lastSpeakingTime
        }
        #expect(try lastSpeaking("7.5") == 7.5)
        #expect(try lastSpeaking(4) == 4.0)
        #expect(try lastSpeaking(nil) == 0.0)
        #expect(try lastSpeaking("soon") == 0.0)
        #expect(try lastSpeaking([]) == 0.0)
    }

    @Test func laxScalarConversions() throws {
        // pydantic 2 lax mode: bools from 0/1 and words; ints from bools, "+5", "-0";
        // no exponents or fractions in int strings; floats from "1_0.5" and ".5".
        func cancelled(_ v: JSONValue) -> Bool? {
            guard case let .realtime(m)? = try? AgentMetrics.decode(Self.minimalRealtime(extra: [("cancelled", v)]))
            else { return nil }
            return m.cancelled
        }
        #expect(cancelled(1) == true)
        #expect(cancelled(0.0) == false)
        #expect(cancelled("OFF") == false)
        #expect(cancelled("t") == true)
        #expect(cancelled(" true ") == nil)
        func inputTokens(_ v: JSONValue) -> Int? {
            guard case let .realtime(m)? = try? AgentMetrics.decode(Self.minimalRealtime(extra: [("input_tokens", v)]))
            else { return nil }
            return m.inputTokens
        }
        #expect(inputTokens(true) == 1)
        #expect(inputTokens("+5") == 5)
        #expect(inputTokens("-0") == 0)
        #expect(inputTokens("1e3") == nil)
        #expect(inputTokens("12.5") == nil)
        #expect(inputTokens("1__0") == nil)
        #expect(inputTokens("99999999999999999999") == nil)  // beyond Int
        #expect(inputTokens(-3.0) == -3)
        func duration(_ v: JSONValue) -> Double? {
            guard case let .realtime(m)? = try? AgentMetrics.decode(Self.minimalRealtime(extra: [("duration", v)]))
            else { return nil }
            return m.duration
        }
        #expect(duration("1_0.5") == 10.5)
        #expect(duration(".5") == 0.5)
        #expect(duration("1e3") == 1000.0)
        #expect(duration(false) == 0.0)
        #expect(duration("inf") == nil)  // pydantic accepts; no JSON form, so refused here
        #expect(duration("0x10") == nil)
    }

    @Test func repeatedKeysKeepTheLastValueLikeJSONLoads() throws {
        let json = Self.minimalRealtime(extra: [("input_tokens", 1), ("input_tokens", 2)])
        guard case let .realtime(m) = try AgentMetrics.decode(json) else {
            Issue.record("expected a realtime event")
            return
        }
        #expect(m.inputTokens == 2)
    }

    @Test func newerKindsDecodeToOtherAfterValidation() throws {
        let eot: JSONValue = .object([
            ("type", "eot_inference_metrics"), ("timestamp", 1), ("total_duration", 0.1),
            ("detection_delay", 0.2), ("prediction_duration", 0.05),
        ])
        #expect(try AgentMetrics.decode(eot) == .other(type: "eot_inference_metrics", eot))
        let broken: JSONValue = .object([
            ("type", "interruption_metrics"), ("timestamp", 1), ("total_duration", 0.1),
            ("prediction_duration", 0.05), ("detection_delay", 0.2), ("num_interruptions", 1),
            ("num_backchannels", 0),
        ])
        #expect(Self.decodeError(broken)?.description == "num_requests: field required")
    }
}
