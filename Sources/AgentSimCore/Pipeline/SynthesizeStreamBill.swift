import LiveKitMetrics

/// The bill of a streaming TTS service as LiveKit core's `SynthesizeStream` drives it (ElevenLabs, Cartesia): a
/// segment's audio arrives in one chunk per sentence; a barge-in before the last frame stops the chunks, and LiveKit
/// then emits no `TTSMetrics` for the segment, though the provider bills every character it was sent and the audio
/// it delivered.
public struct SynthesizeStreamBill: Sendable {
    public private(set) var bill: ServiceBill
    /// Segments cut before their last frame, and their characters and delivered audio (LiveKit reports none of it).
    public private(set) var unreportedSegments = 0
    public private(set) var unreportedCharacters = 0
    public private(set) var unreportedSeconds = 0.0

    public init(provider: String, model: String) {
        bill = ServiceBill(role: .tts, provider: provider, model: model)
    }

    /// Bills one segment and gives the outputs of the audio chunks that arrived before a barge-in, each chunk's
    /// messages from `messages`, in order, each answering `request` with the usage record `usage` reads from it.
    /// - Returns: the outputs, and whether the segment reached its final frame (LiveKit's `TTSMetrics` is due).
    public mutating func deliver(
        _ segment: TTSSegment, request: RequestRef, usage: (ProviderPayload) -> UsageRecord,
        messages: (SpeechChunk) -> [ProviderPayload]
    ) -> (outputs: [ProviderOutput], completed: Bool) {
        let plan = SpeechText.audioPlan(
            SpeechText.sentences(segment.text), generatedMs: Int64((segment.generatedSeconds * 1000).rounded()),
            firstFrame: segment.firstFrameAt, lastFrame: segment.lastFrameAt)
        let cut = segment.cutBeforeLastFrame
        var outputs: [ProviderOutput] = []
        var deliveredMs: Int64 = 0
        for chunk in plan {
            if cut, let cutAt = segment.cutAt, chunk.time >= cutAt { break }
            deliveredMs += chunk.durationMs
            outputs += messages(chunk).map {
                ProviderOutput(
                    time: chunk.time, turn: segment.turn, payload: $0, metrics: [], request: request, usage: usage($0))
            }
        }
        bill.requests += 1
        bill.characters += segment.characters
        guard cut else {
            bill.audioSeconds = SessionClock.microseconds(bill.audioSeconds + segment.generatedSeconds)
            return (outputs, true)
        }
        let delivered = Double(deliveredMs) / 1000
        bill.audioSeconds = SessionClock.microseconds(bill.audioSeconds + delivered)
        unreportedSegments += 1
        unreportedCharacters += segment.characters
        unreportedSeconds = SessionClock.microseconds(unreportedSeconds + delivered)
        return (outputs, false)
    }

    /// The `TTSMetrics` LiveKit's core emits when a segment's final frame arrives.
    public static func finalMetrics(
        _ segment: TTSSegment, label: String, requestID: String, segmentID: String, startTime: Double,
        acquireTime: Double,
        reused: Bool, model: String, provider: String
    ) -> TTSMetrics {
        TTSMetrics(
            label: label, requestId: requestID, timestamp: SessionClock.microseconds(startTime + segment.lastFrameAt),
            ttfb: SessionClock.interval(from: segment.textAt, to: segment.firstFrameAt),
            duration: SessionClock.interval(from: segment.textAt, to: segment.lastFrameAt),
            audioDuration: segment.generatedSeconds, cancelled: false, charactersCount: segment.characters,
            streamed: true,
            acquireTime: reused ? 0 : acquireTime, connectionReused: reused, segmentId: segmentID,
            speechId: segment.speechID,
            metadata: Metadata(modelName: model, modelProvider: provider))
    }

    /// The sentence on the characters billed and never reported, or nil when LiveKit's metrics count them all.
    public func unreportedSentence(_ facts: ServiceFacts, provider: String) -> String? {
        let chars = facts.bill.characters
        let reported = facts.metrics.reduce(0) { sum, m in
            if case let .tts(t) = m { return sum + t.charactersCount }
            return sum
        }
        guard chars > reported else { return nil }
        let segments = unreportedSegments == 1 ? "1 segment" : "\(unreportedSegments) segments"
        return
            "\(provider) billed \(chars) characters but LiveKit's TTSMetrics count \(reported): \(segments) cut by a "
            + "barge-in before the last frame (\(chars - reported) characters, "
            + "\(Figures.fixed(unreportedSeconds, decimals: 2)) s of audio delivered) "
            + "\(unreportedSegments == 1 ? "reports" : "report") nothing, since SynthesizeStream emits TTSMetrics "
            + "only when a segment's final frame arrives, yet the text was sent and billed."
    }
}
