import LiveKitMetrics

/// The bill of a streaming TTS service as LiveKit core's `SynthesizeStream` drives it (ElevenLabs, Cartesia): a
/// segment's audio arrives in one chunk per sentence; a barge-in before the last frame stops the chunks, and LiveKit
/// then emits no `TTSMetrics` for the segment (unless its text was flushed first and the plugin ends the segment on
/// cancellation), though the provider bills every character it was sent and the audio it delivered.
public struct SynthesizeStreamBill: Sendable {
    public private(set) var bill: ServiceBill
    /// Segments cut before their last frame, and their characters and delivered audio (LiveKit reports none of it).
    public private(set) var unreportedSegments = 0
    public private(set) var unreportedCharacters = 0
    public private(set) var unreportedSeconds = 0.0

    public init(provider: String, model: String) {
        bill = ServiceBill(role: .tts, provider: provider, model: model)
    }

    /// What one segment delivered: the outputs of the audio chunks that arrived before a barge-in, whether the
    /// segment reached its final frame, and for a cut segment the audio delivered and whether LiveKit reports it.
    public struct Delivery: Sendable {
        public var outputs: [ProviderOutput]
        /// The segment reached its final frame (LiveKit's `TTSMetrics` is due at `lastFrameAt`).
        public var completed: Bool
        /// A cut segment LiveKit still reports (`cutMetrics`): its text was flushed before the barge-in, audio had
        /// arrived, and the plugin ends the segment on cancellation.
        public var reportsCut: Bool
        /// The audio delivered (the whole segment's when completed).
        public var deliveredSeconds: Double
    }

    /// Bills one segment and gives the outputs of the audio chunks that arrived before a barge-in, each chunk's
    /// messages from `messages`, in order, each answering `request` with the usage record `usage` reads from it.
    /// `endsSegmentWhenCancelled`: the LiveKit plugin ends the segment when its stream is cancelled (ElevenLabs'
    /// `_run` calls `end_segment()` in its `finally`), so a cut segment whose text was flushed before the barge-in
    /// and whose audio had begun to arrive gets a final frame, and LiveKit's `TTSMetrics`.
    public mutating func deliver(
        _ segment: TTSSegment, request: RequestRef, endsSegmentWhenCancelled: Bool = false,
        usage: (ProviderPayload) -> UsageRecord, messages: (SpeechChunk) -> [ProviderPayload]
    ) -> Delivery {
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
            return Delivery(
                outputs: outputs, completed: true, reportsCut: false, deliveredSeconds: segment.generatedSeconds)
        }
        let delivered = Double(deliveredMs) / 1000
        bill.audioSeconds = SessionClock.microseconds(bill.audioSeconds + delivered)
        let reported = endsSegmentWhenCancelled && segment.flushedBeforeCut && deliveredMs > 0
        if !reported {
            unreportedSegments += 1
            unreportedCharacters += segment.characters
            unreportedSeconds = SessionClock.microseconds(unreportedSeconds + delivered)
        }
        return Delivery(outputs: outputs, completed: false, reportsCut: reported, deliveredSeconds: delivered)
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

    /// The `TTSMetrics` LiveKit's core emits for a cut segment whose plugin ends it on cancellation: at the barge-in,
    /// with every character flushed (the pending text) and the audio that had arrived (`deliveredSeconds`).
    public static func cutMetrics(
        _ segment: TTSSegment, deliveredSeconds: Double, label: String, requestID: String, segmentID: String,
        startTime: Double, acquireTime: Double, reused: Bool, model: String, provider: String
    ) -> TTSMetrics {
        let cutAt = segment.cutAt ?? segment.lastFrameAt
        return TTSMetrics(
            label: label, requestId: requestID, timestamp: SessionClock.microseconds(startTime + cutAt),
            ttfb: SessionClock.interval(from: segment.textAt, to: segment.firstFrameAt),
            duration: SessionClock.interval(from: segment.textAt, to: cutAt),
            audioDuration: deliveredSeconds, cancelled: false, charactersCount: segment.characters,
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
