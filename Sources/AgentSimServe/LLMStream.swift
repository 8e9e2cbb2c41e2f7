import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A served LLM request's stream: the plugin's payloads as server-sent events, each at its time on the session
/// clock, billed as far as the client took it. Each provider's wire formats its own events.
///
/// A reply the scenario's barge-in cuts before its last token streams up to the cut and then waits (sending SSE
/// comments, which clients ignore) for the client to cancel; it is billed as far as it got. After ``holdSeconds``
/// it runs on to its end.
enum LLMStream {
    /// How long a stream waits at a barge-in for the client to cancel before it runs on (wall seconds).
    static let holdSeconds = 20.0

    /// What a held stream sends while it waits: an SSE comment, which OpenAI's and Anthropic's clients skip.
    static let comment = ": agentsim: the scenario's barge-in comes here\n\n"

    /// The streamed response: `event` formats each payload; `done` closes the stream (OpenAI's `[DONE]`);
    /// `keepAlive` is what a held stream sends while it waits (google-genai reads a line that is not `data:` as JSON,
    /// so Gemini's is a blank line).
    static func response(
        _ plan: PipelineServeSession.LLMPlan, session: PipelineServeSession, server: PipelineServer,
        event: @escaping @Sendable (ProviderPayload) -> String, done: String?, keepAlive: String = comment
    ) -> Response {
        session.opened(socket: false)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                defer { server.closed(session, socket: false) }
                try await stream(
                    plan, session: session, writer: &writer, event: event, done: done, keepAlive: keepAlive)
            })
    }

    /// Writes the plan's payloads at their times; bills the stream as far as the client took it.
    static func stream(
        _ plan: PipelineServeSession.LLMPlan, session: PipelineServeSession, writer: inout any ResponseBodyWriter,
        event: (ProviderPayload) -> String, done: String?, keepAlive: String = comment
    ) async throws {
        var finished = false
        defer { if !finished { session.llmFinish(plan, cutAt: min(session.now, plan.request.lastTokenAt)) } }
        let chunks = plan.outputs.compactMap { output in output.payload.map { (time: output.time, payload: $0) } }
        var index = 0
        if let hold = plan.holdAt {
            while index < chunks.count, chunks[index].time <= hold {
                try await session.wait(until: chunks[index].time)
                try await writer.write(ByteBuffer(string: event(chunks[index].payload)))
                index += 1
            }
            try await session.wait(until: hold)
            // The scenario's barge-in: the stream waits for the client to cancel it.
            let deadline = ContinuousClock.now + .milliseconds(Int(holdSeconds * 1000))
            while ContinuousClock.now < deadline {
                do {
                    try await writer.write(ByteBuffer(string: keepAlive))
                    try await Task.sleep(for: .milliseconds(100))
                } catch {
                    finished = true
                    session.llmFinish(plan, cutAt: hold)
                    throw error
                }
            }
        }
        while index < chunks.count {
            try await session.wait(until: chunks[index].time)
            try await writer.write(ByteBuffer(string: event(chunks[index].payload)))
            index += 1
        }
        if let done { try await writer.write(ByteBuffer(string: done)) }
        try await writer.finish(nil)
        finished = true
        session.llmFinish(plan, cutAt: nil)
    }
}
