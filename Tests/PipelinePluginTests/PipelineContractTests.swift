import AgentSimCore
import Testing

/// The pipeline contract's own arithmetic, by hand.
@Suite struct PipelineContractTests {
    @Test func tokensArriveAtTheStreamRate() {
        // First token at 1.0 s, 20 tokens/s, 10 tokens: token k arrives at 1.0 + (k - 1) / 20,
        // so the last (k = 10) at 1.45 s; by 1.2 s tokens 1..5 have arrived (1.0, 1.05, 1.1, 1.15, 1.2).
        let request = LLMRequest(
            index: 0, turn: 1, speechID: "speech_x", context: [], reply: .text("hello", tokens: 10),
            sentAt: 0.6, firstTokenAt: 1.0, tokensPerSecond: 20, replyTokens: 10)
        #expect(request.lastTokenAt == 1.45)
        #expect(request.tokensGenerated(by: 0.99) == 0)
        #expect(request.tokensGenerated(by: 1.2) == 5)
        #expect(request.tokensGenerated(by: 9) == 10)
        #expect(!request.isCut)
    }

    @Test func aSegmentCutBeforeItsLastFrameIsMarked() {
        // The last frame arrives at 4.0 s; a barge-in at 3.5 s cuts it first, one at 4.2 s does not.
        var segment = TTSSegment(
            index: 0, turn: 1, speechID: "speech_x", text: "Héllo", textAt: 1, firstFrameAt: 1.2, lastFrameAt: 4.0,
            generatedSeconds: 2.8, packets: 140, playedSeconds: 2.3, cutAt: 3.5)
        #expect(segment.cutBeforeLastFrame)
        segment.cutAt = 4.2
        #expect(!segment.cutBeforeLastFrame)
        // "Héllo" is five code points, as Python's len() counts them.
        #expect(segment.characters == 5)
    }
}
