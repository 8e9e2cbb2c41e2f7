import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// OpenAI Responses for a pipeline scenario whose LLM is `openai-responses`, both ways LiveKit 1.8.9's
/// `openai.responses.LLM` sends it: `POST /v1/responses` streamed as server-sent events (`event: TYPE` and
/// `data: JSON`, `use_websocket=False`), and its default websocket (each `response.create` message answered by the
/// same events, one JSON text message each). The request's input items become the plugin's context items (each text
/// with the scenario's exact token count when it is one of the scenario's texts), the scenario's next agent turn is
/// the reply, and the plugin's own events are sent at the scenario's pace.
///
/// A request naming `previous_response_id` sends only the items after that response's input (LiveKit does so when
/// its context extends the previous one): its context is the stored response's input followed by the new items, as
/// OpenAI's stored responses make it. A reply the scenario's barge-in cuts before its last token waits there for the
/// client to cancel (HTTP: ``LLMStream``; websocket: the client closes the socket, as LiveKit does with a socket whose
/// exchange did not complete). Errors are OpenAI's own shape, in an `error` event on the websocket.
struct ResponsesWire {
    let server: PipelineServer
    let route: PipelineServer.Route

    /// What each served response was asked: its full input context, for a later `previous_response_id`; and each
    /// function call's name by its `call_id`, for the function_call_output items that answer it.
    final class Store: Sendable {
        struct State: Sendable {
            var contexts: [String: [ContextItem]] = [:]
            var toolNames: [String: String] = [:]
        }
        let state = Mutex(State())

        init() {}
    }

    /// A request refused, in OpenAI's error shape.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var message: String
        var type = "invalid_request_error"
        var param: String?
        var code: String?

        var response: Response {
            ChatCompletionsWire.error(status, message, type: type, param: param, code: code)
        }

        /// The websocket's `error` event (LiveKit's plugin reads `error.code`, `message`, `param`, `type`).
        var event: JSONValue {
            .object([
                ("type", "error"), ("status", .int(Int(status.code))),
                (
                    "error",
                    .object([
                        ("type", .string(type)), ("code", code.map { .string($0) } ?? .null),
                        ("message", .string(message)), ("param", param.map { .string($0) } ?? .null),
                    ])
                ),
            ])
        }
    }

    // MARK: HTTP

    /// `POST /v1/responses`.
    func respond(to request: Request) async -> Response {
        guard let body = await PipelineServer.body(of: request) else {
            return ChatCompletionsWire.tooLarge()
        }
        guard let json = try? JSONValue.parse(bytes: Array(buffer: body)) else {
            return ChatCompletionsWire.error(
                .badRequest,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                    + "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
                    + "JSON.)")
        }
        let session: PipelineServeSession
        let plan: PipelineServeSession.LLMPlan
        do {
            (session, plan) = try begin(json, streamRequired: true)
        } catch {
            return error.response
        }
        return LLMStream.response(
            plan, session: session, server: server,
            event: { "event: \($0.type)\ndata: " + $0.json.compactString() + "\n\n" }, done: nil)
    }

    // MARK: Websocket

    /// Serves one websocket: each `response.create` in turn; a stream still running when the client closes the
    /// socket is billed as far as it got.
    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var running: Task<Void, Never>?
        defer { running?.cancel() }
        for try await message in inbound.messages(maxSize: ServeServer.maxFrameSize) {
            guard case let .text(text) = message, let json = try? JSONValue.parse(text), case .object = json else {
                let refusal = Refusal(
                    status: .badRequest, message: "Invalid JSON: each message must be a JSON object.",
                    code: "invalid_json")
                try await outbound.write(.text(refusal.event.compactString()))
                continue
            }
            guard json["type"]?.stringValue == "response.create" else {
                let refusal = Refusal(
                    status: .badRequest,
                    message: "Invalid value: '\((json["type"]?.stringValue ?? "").prefix(64))'. Supported values "
                        + "are: 'response.create'.", param: "type", code: "invalid_value")
                try await outbound.write(.text(refusal.event.compactString()))
                continue
            }
            // One response at a time on a socket, as OpenAI's websocket mode runs them.
            await running?.value
            let session: PipelineServeSession
            let plan: PipelineServeSession.LLMPlan
            do {
                (session, plan) = try begin(json, streamRequired: false)
            } catch {
                try await outbound.write(.text(error.event.compactString()))
                continue
            }
            session.opened(socket: false)
            let server = server
            running = Task {
                defer { server.closed(session, socket: false) }
                try? await Self.stream(plan, session: session, outbound: outbound)
            }
        }
        running?.cancel()
        await running?.value
    }

    /// Sends the plan's events at their times; bills the stream as far as the client took it (the task is cancelled
    /// when the client closes the socket).
    static func stream(
        _ plan: PipelineServeSession.LLMPlan, session: PipelineServeSession, outbound: WebSocketOutboundWriter
    ) async throws {
        var finished = false
        defer { if !finished { session.llmFinish(plan, cutAt: min(session.now, plan.request.lastTokenAt)) } }
        let events = plan.outputs.compactMap { output in output.payload.map { (time: output.time, payload: $0) } }
        var index = 0
        if let hold = plan.holdAt {
            while index < events.count, events[index].time <= hold {
                try await session.wait(until: events[index].time)
                try await outbound.write(.text(events[index].payload.json.compactString()))
                index += 1
            }
            try await session.wait(until: hold)
            // The scenario's barge-in: the stream waits for the client to close the socket.
            do {
                try await Task.sleep(for: .milliseconds(Int(LLMStream.holdSeconds * 1000)))
            } catch {
                finished = true
                session.llmFinish(plan, cutAt: hold)
                throw error
            }
        }
        while index < events.count {
            try await session.wait(until: events[index].time)
            try await outbound.write(.text(events[index].payload.json.compactString()))
            index += 1
        }
        finished = true
        session.llmFinish(plan, cutAt: nil)
    }

    // MARK: The request

    /// Checks a request (the HTTP body, or the websocket's `response.create`) and starts its stream.
    func begin(
        _ json: JSONValue, streamRequired: Bool
    ) throws(Refusal) -> (PipelineServeSession, PipelineServeSession.LLMPlan) {
        guard let script = route.script else {
            throw Refusal(status: .notFound, message: server.unknownScenario(route), code: "invalid_scenario")
        }
        guard case .object = json else {
            throw Refusal(status: .badRequest, message: "Invalid type for request body: expected an object.")
        }
        guard let model = json["model"]?.stringValue else {
            throw Refusal(
                status: .badRequest, message: "Missing required parameter: 'model'.", param: "model",
                code: "missing_required_parameter")
        }
        let served = script.models.llm
        guard model == served || served.hasPrefix(model + "-") || model.hasPrefix(served) else {
            throw Refusal(
                status: .notFound, message: "The model `\(model)` does not exist or you do not have access to it.",
                code: "model_not_found")
        }
        if streamRequired, json["stream"]?.boolValue != true {
            throw Refusal(
                status: .badRequest, message: "agentsim serve streams Responses only: set 'stream': true.",
                param: "stream")
        }
        let session: PipelineServeSession
        do {
            session = try server.session(for: script)
        } catch {
            throw Refusal(status: .internalServerError, message: error.description, type: "server_error")
        }
        let context = try Self.context(json, script: script, store: session.responses)
        let plan: PipelineServeSession.LLMPlan
        do {
            plan = try session.llmBegin(context: context, at: session.now)
        } catch {
            guard case let .scriptDone(turns) = error else { fatalError("unreachable") }
            throw Refusal(
                status: .badRequest,
                message:
                    "The scenario '\(script.scenario.name)' has no agent turn left: all \(turns) have been served.",
                code: "scenario_finished")
        }
        if let id = plan.outputs.lazy.compactMap({ $0.payload?.json["response"]?["id"]?.stringValue }).first {
            session.responses.state.withLock { $0.contexts[id] = context }
        }
        return (session, plan)
    }

    /// The request's context: the stored input of its `previous_response_id` (if any), its `instructions`, then its
    /// input items in order.
    static func context(_ json: JSONValue, script: PipelineScript, store: Store) throws(Refusal) -> [ContextItem] {
        var items: [ContextItem] = []
        if let previous = json["previous_response_id"]?.stringValue {
            guard let stored = store.state.withLock({ $0.contexts[previous] }) else {
                throw Refusal(
                    status: .badRequest, message: "Previous response with id '\(previous.prefix(80))' not found.",
                    param: "previous_response_id", code: "previous_response_not_found")
            }
            items = stored
        }
        if let instructions = json["instructions"]?.stringValue, !instructions.isEmpty {
            items.append(ChatCompletionsWire.item(.system, instructions, script))
        }
        guard let input = json["input"] else { return items }
        if let text = input.stringValue {
            items.append(ChatCompletionsWire.item(.user, text, script))
            return items
        }
        guard let list = input.arrayValue else {
            throw Refusal(
                status: .badRequest, message: "Invalid type for 'input': expected a string or an array of items.",
                param: "input", code: "invalid_type")
        }
        for (index, entry) in list.enumerated() {
            let type = entry["type"]?.stringValue ?? (entry["role"] != nil ? "message" : "")
            switch type {
            case "message":
                let text = ChatCompletionsWire.text(entry["content"])
                switch entry["role"]?.stringValue ?? "" {
                case "system", "developer": items.append(ChatCompletionsWire.item(.system, text, script))
                case "user": items.append(ChatCompletionsWire.item(.user, text, script))
                case "assistant":
                    if !text.isEmpty { items.append(ChatCompletionsWire.item(.assistant, text, script)) }
                default:
                    throw Refusal(
                        status: .badRequest,
                        message: "Invalid value: '\((entry["role"]?.stringValue ?? "").prefix(64))'. Supported "
                            + "values are: 'assistant', 'system', 'developer', and 'user'.",
                        param: "input[\(index)].role", code: "invalid_value")
                }
            case "function_call":
                let name = entry["name"]?.stringValue ?? ""
                if let id = entry["call_id"]?.stringValue { store.state.withLock { $0.toolNames[id] = name } }
                items.append(
                    ChatCompletionsWire.item(
                        .toolCall, entry["arguments"]?.stringValue ?? "", script, toolName: name))
            case "function_call_output":
                let name = entry["call_id"]?.stringValue.flatMap { id in store.state.withLock { $0.toolNames[id] } }
                let output = entry["output"]?.stringValue ?? ChatCompletionsWire.text(entry["output"])
                items.append(ChatCompletionsWire.item(.toolResult, output, script, toolName: name))
            case "reasoning":
                continue
            default:
                throw Refusal(
                    status: .badRequest,
                    message: "Invalid value: '\(type.prefix(64))'. Supported values are: 'message', "
                        + "'function_call', 'function_call_output' and 'reasoning'.",
                    param: "input[\(index)].type", code: "invalid_value")
            }
        }
        return items
    }
}
