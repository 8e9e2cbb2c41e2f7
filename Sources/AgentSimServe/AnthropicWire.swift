import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Anthropic Messages (`POST /v1/messages`, streamed) for a pipeline scenario whose LLM is `anthropic`: the request's
/// system blocks and messages (text, `tool_use`, `tool_result` blocks) become the plugin's context items, the
/// scenario's next agent turn is the reply, and the plugin's own events (`message_start`, `content_block_*`,
/// `message_delta` with its cumulative usage, `message_stop`) are streamed with their `event:` lines at the
/// scenario's pace. `GET /v1/models` (LiveKit's prewarm) lists the scenario's model. Errors are Anthropic's own shape:
/// `{"type": "error", "error": {"type", "message"}}` with its status.
struct AnthropicWire {
    let server: PipelineServer
    let route: PipelineServer.Route

    static func error(_ status: HTTPResponse.Status, _ type: String, _ message: String) -> Response {
        let body = JSONValue.object([
            ("type", "error"), ("error", .object([("type", .string(type)), ("message", .string(message))])),
        ])
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString())))
    }

    /// `GET /v1/models`: Anthropic's page of models, the scenario's.
    func models() -> Response {
        guard let script = route.script else {
            return Self.error(.notFound, "not_found_error", server.unknownScenario(route))
        }
        let model = JSONValue.object([
            ("type", "model"), ("id", .string(script.models.llm)), ("display_name", .string(script.models.llm)),
            ("created_at", "2025-01-01T00:00:00Z"),
        ])
        let body = JSONValue.object([
            ("data", .array([model])), ("has_more", false), ("first_id", .string(script.models.llm)),
            ("last_id", .string(script.models.llm)),
        ])
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString())))
    }

    func respond(to request: Request) async -> Response {
        guard let script = route.script else {
            return Self.error(.notFound, "not_found_error", server.unknownScenario(route))
        }
        guard let body = await PipelineServer.body(of: request) else {
            return Self.error(
                .contentTooLarge, "request_too_large", "Request exceeds the maximum allowed number of bytes.")
        }
        guard let json = try? JSONValue.parse(bytes: Array(buffer: body)), case .object = json else {
            return Self.error(.badRequest, "invalid_request_error", "Invalid JSON in request body.")
        }
        guard let model = json["model"]?.stringValue else {
            return Self.error(.badRequest, "invalid_request_error", "model: Field required")
        }
        guard model == script.models.llm else {
            return Self.error(.notFound, "not_found_error", "model: \(model)")
        }
        guard let messages = json["messages"]?.arrayValue else {
            return Self.error(.badRequest, "invalid_request_error", "messages: Field required")
        }
        guard json["stream"]?.boolValue == true else {
            return Self.error(
                .badRequest, "invalid_request_error", "agentsim serve streams Messages only: set stream: true.")
        }
        var context: [ContextItem] = []
        let system = Self.text(json["system"])
        if !system.isEmpty { context.append(ChatCompletionsWire.item(.system, system, script)) }
        var toolNames: [String: String] = [:]
        for (index, message) in messages.enumerated() {
            guard let role = message["role"]?.stringValue, role == "user" || role == "assistant" else {
                return Self.error(
                    .badRequest, "invalid_request_error",
                    "messages.\(index).role: Input should be 'user' or 'assistant'")
            }
            let blocks: [JSONValue] =
                message["content"]?.stringValue.map { [.object([("type", "text"), ("text", .string($0))])] }
                ?? message["content"]?.arrayValue ?? []
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text":
                    let text = block["text"]?.stringValue ?? ""
                    context.append(ChatCompletionsWire.item(role == "user" ? .user : .assistant, text, script))
                case "tool_use":
                    let name = block["name"]?.stringValue ?? ""
                    if let id = block["id"]?.stringValue { toolNames[id] = name }
                    let arguments = block["input"].map { $0.compactString() } ?? "{}"
                    context.append(ChatCompletionsWire.item(.toolCall, arguments, script, toolName: name))
                case "tool_result":
                    let name = block["tool_use_id"]?.stringValue.flatMap { toolNames[$0] }
                    context.append(
                        ChatCompletionsWire.item(.toolResult, Self.text(block["content"]), script, toolName: name))
                default:
                    continue
                }
            }
        }
        let session: PipelineServeSession
        do {
            session = try server.session(for: script)
        } catch {
            return Self.error(.internalServerError, "api_error", error.description)
        }
        let plan: PipelineServeSession.LLMPlan
        do {
            plan = try session.llmBegin(context: context, at: session.now)
        } catch {
            return Self.error(
                .badRequest, "invalid_request_error",
                "The scenario '\(script.scenario.name)' has no agent turn left.")
        }
        return LLMStream.response(
            plan, session: session, server: server,
            event: { "event: \($0.type)\ndata: \($0.json.compactString())\n\n" }, done: nil)
    }

    /// A string, or the text of an array of blocks.
    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        if let s = value.stringValue { return s }
        return (value.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
    }
}
