import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// OpenAI Chat Completions (`POST /v1/chat/completions`, streamed) for a pipeline scenario whose LLM is
/// `openai-chat`: the request's messages become the plugin's context items (each text with the scenario's exact
/// token count when it is one of the scenario's texts), the scenario's next agent turn is the reply, and the
/// plugin's own `chat.completion.chunk`s are streamed as server-sent events at the scenario's pace, the last one
/// carrying `usage` (`stream_options.include_usage`), then `data: [DONE]`.
///
/// A reply the scenario's barge-in cuts before its last token waits there for the client to cancel (``LLMStream``).
/// Errors are OpenAI's own shape: `{"error": {"message", "type", "param", "code"}}` with its status.
struct ChatCompletionsWire {
    let server: PipelineServer
    let route: PipelineServer.Route

    /// OpenAI's error body.
    static func error(
        _ status: HTTPResponse.Status, _ message: String, type: String = "invalid_request_error",
        param: String? = nil, code: String? = nil
    ) -> Response {
        let body = JSONValue.object([
            (
                "error",
                .object([
                    ("message", .string(message)), ("type", .string(type)),
                    ("param", param.map { .string($0) } ?? .null),
                    ("code", code.map { .string($0) } ?? .null),
                ])
            )
        ])
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.prettyString() + "\n")))
    }

    /// OpenAI's 413 for a body over ``PipelineServer/maxBodyBytes``.
    static func tooLarge() -> Response {
        error(
            .contentTooLarge, "Request too large: the body exceeds \(PipelineServer.maxBodyBytes) bytes.",
            code: "request_too_large")
    }

    /// OpenAI's 400 for a request that names no model.
    static func noModel() -> Response {
        error(.badRequest, "you must provide a model parameter", param: "model", code: "missing_required_parameter")
    }

    /// OpenAI's 404 for a model the scenario does not run.
    static func unknownModel(_ model: String) -> Response {
        error(
            .notFound, "The model `\(model)` does not exist or you do not have access to it.", code: "model_not_found")
    }

    /// `GET /v1/models` (LiveKit's prewarm): the scenario's LLM model.
    func models() -> Response {
        guard let script = route.script else { return Self.error(.notFound, server.unknownScenario(route)) }
        let model = JSONValue.object([
            ("id", .string(script.models.llm)), ("object", "model"), ("created", 1_700_000_000),
            ("owned_by", "system"),
        ])
        let body = JSONValue.object([("object", "list"), ("data", .array([model]))])
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString())))
    }

    func respond(to request: Request) async -> Response {
        guard let script = route.script else {
            return Self.error(.notFound, server.unknownScenario(route), code: "invalid_scenario")
        }
        guard let body = await PipelineServer.body(of: request) else {
            return ChatCompletionsWire.tooLarge()
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: Array(buffer: body))
        } catch {
            return Self.error(
                .badRequest,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                    + "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
                    + "JSON.)")
        }
        guard case .object = json else {
            return Self.error(.badRequest, "Invalid type for request body: expected an object.")
        }
        guard let model = json["model"]?.stringValue else {
            return ChatCompletionsWire.noModel()
        }
        guard
            model == script.models.llm || script.models.llm.hasPrefix(model + "-") || model.hasPrefix(script.models.llm)
        else {
            return ChatCompletionsWire.unknownModel(model)
        }
        guard let messages = json["messages"]?.arrayValue else {
            return Self.error(
                .badRequest, "Missing required parameter: 'messages'.", param: "messages",
                code: "missing_required_parameter")
        }
        guard json["stream"]?.boolValue == true else {
            return Self.error(
                .badRequest, "agentsim serve streams Chat Completions only: set 'stream': true.", param: "stream")
        }
        let context: [ContextItem]
        do {
            context = try Self.context(messages, script: script)
        } catch {
            return Self.error(.badRequest, error.message, param: error.param)
        }
        let session: PipelineServeSession
        do {
            session = try server.session(for: script)
        } catch {
            return Self.error(.internalServerError, error.description, type: "server_error")
        }
        let plan: PipelineServeSession.LLMPlan
        do {
            plan = try session.llmBegin(context: context, at: session.now)
        } catch {
            guard case let .scriptDone(turns) = error else { fatalError("unreachable") }
            return Self.error(
                .badRequest,
                "The scenario '\(script.scenario.name)' has no agent turn left: all \(turns) have been served.",
                code: "scenario_finished")
        }
        return LLMStream.response(
            plan, session: session, server: server, event: { "data: " + $0.json.compactString() + "\n\n" },
            done: "data: [DONE]\n\n")
    }

    struct RequestError: Error {
        var message: String
        var param: String?
    }

    /// The request's messages as the plugin's context items, in order.
    static func context(_ messages: [JSONValue], script: PipelineScript) throws(RequestError) -> [ContextItem] {
        var items: [ContextItem] = []
        var toolNames: [String: String] = [:]
        for (index, message) in messages.enumerated() {
            guard case .object = message, let role = message["role"]?.stringValue else {
                throw RequestError(
                    message: "Missing required parameter: 'messages[\(index)].role'.", param: "messages[\(index)].role")
            }
            let text = Self.text(message["content"])
            switch role {
            case "system", "developer":
                items.append(item(.system, text, script))
            case "user":
                items.append(item(.user, text, script))
            case "assistant":
                if !text.isEmpty { items.append(item(.assistant, text, script)) }
                for call in message["tool_calls"]?.arrayValue ?? [] {
                    let name = call["function"]?["name"]?.stringValue ?? ""
                    let arguments = call["function"]?["arguments"]?.stringValue ?? ""
                    if let id = call["id"]?.stringValue { toolNames[id] = name }
                    items.append(item(.toolCall, arguments, script, toolName: name))
                }
            case "tool", "function":
                let name =
                    message["tool_call_id"]?.stringValue.flatMap { toolNames[$0] } ?? message["name"]?.stringValue
                items.append(item(.toolResult, text, script, toolName: name))
            default:
                throw RequestError(
                    message: "Invalid value: '\(role.prefix(64))'. Supported values are: 'system', 'assistant', "
                        + "'user', 'function', 'tool', and 'developer'.", param: "messages[\(index)].role")
            }
        }
        return items
    }

    static func item(
        _ role: ContextItem.Role, _ text: String, _ script: PipelineScript, toolName: String? = nil
    ) -> ContextItem {
        ContextItem(
            role: role, text: text, tokens: script.tokens(for: role, text: text),
            turn: script.turn(for: role, text: text),
            toolName: toolName)
    }

    /// A message's text: a string, or the text parts of an array.
    static func text(_ content: JSONValue?) -> String {
        guard let content else { return "" }
        if let s = content.stringValue { return s }
        return (content.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
    }
}
