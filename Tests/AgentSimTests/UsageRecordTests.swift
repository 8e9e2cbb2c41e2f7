import AgentSimCore
import Testing

/// The typed usage every plugin fills on its outputs: the request each answers and the record read back from its
/// payload, checked against figures derived by hand in the scenarios' own comments.
struct UsageRecordTests {
    /// Every output with a payload names its request and carries a usage record; a realtime model's outputs all say
    /// `.realtime`, a pipeline's its services' roles (LiveKit core's own eou_metrics none).
    @Test(arguments: [
        "pipeline-anthropic.yaml", "pipeline-cartesia.yaml", "pipeline-deepgram-flux.yaml",
        "pipeline-gemini-pro-vertex.yaml", "pipeline-openai-chat.yaml", "pipeline-openai-responses.yaml",
        "pipeline-openai-stt-whisper.yaml", "pipeline-openai-stt.yaml", "pipeline-openai-tts.yaml",
        "openai-discarded.yaml", "gemini-cumulative.yaml", "gpt-live.yaml", "support-call.yaml",
    ])
    func everyPayloadNamesItsRequestAndUsage(_ name: String) async throws {
        let report = try await Running.report(name)
        let withPayload = report.outputs.filter { $0.payload != nil }
        #expect(!withPayload.isEmpty)
        for output in withPayload {
            #expect(output.request != nil, "\(name): \(output.payload?.type ?? "") names no request")
            #expect(output.usage != nil, "\(name): \(output.payload?.type ?? "") has no usage record")
        }
        if report.bills.isEmpty {
            #expect(report.outputs.allSatisfy { $0.role == .realtime }, "\(name): a realtime output without its role")
        } else {
            #expect(report.outputs.allSatisfy { $0.role != .realtime })
            #expect(report.outputs.filter { $0.role == nil }.allSatisfy { $0.payload == nil })
        }
    }

    /// gemini-cumulative.yaml's comment: the three reports on the wire are running totals, prompt 370 / 794 / 1,272
    /// (AUDIO 50 / 150 / 300), response 29 / 58 / 87 (AUDIO 25 / 50 / 75), total 399 / 852 / 1,359.
    @Test func geminiLiveCumulativeReportsSayCumulative() async throws {
        let report = try await Running.report("gemini-cumulative.yaml")
        let records = report.outputs.compactMap(\.usage).filter(\.hasUsage)
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.api == .geminiLive && $0.reading == .cumulative })
        #expect(records.map(\.tokens.input) == [370, 794, 1272])
        #expect(records.map(\.tokens.inputAudio) == [50, 150, 300])
        #expect(records.map(\.tokens.output) == [29, 58, 87])
        #expect(records.map(\.tokens.outputAudio) == [25, 50, 75])
        #expect(records.map(\.tokens.total) == [399, 852, 1359])
        let answered = report.outputs.filter { $0.usage?.hasUsage == true }.compactMap(\.request?.index)
        #expect(answered == [0, 1, 2])
    }

    /// gpt-live.yaml's comment: snapshots at 4.6 s, 7.2 s and the closing 7.2 s, each the session's seconds so far;
    /// the two backend runs follow the Responses API's accounting, input 5 and 17, output 6 and 6.
    @Test func gptLiveSnapshotsAreCumulativeSecondsAndTheBackendIsResponses() async throws {
        let report = try await Running.report("gpt-live.yaml")
        let records = report.outputs.compactMap(\.usage)
        let snapshots = records.filter { $0.api == .gptLive && $0.hasUsage }
        #expect(snapshots.map(\.seconds) == [4.6, 7.2, 7.2])
        #expect(snapshots.allSatisfy { $0.reading == .cumulative })
        #expect(snapshots.map(\.endsStream) == [false, false, true])
        let backend = records.filter { $0.api == .responses }
        #expect(backend.map(\.tokens.input) == [5, 17])
        #expect(backend.map(\.tokens.output) == [6, 6])
        #expect(backend.allSatisfy { $0.reading == .final && $0.endsStream })
        let runs = report.outputs.filter { $0.usage?.api == .responses }.compactMap(\.request?.index)
        #expect(runs == [0, 1])
    }
}
