import AgentSimCore
import AgentSimJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Gemini's `streamGenerateContent?alt=sse` on the Developer API path (`/v1beta/models/MODEL:streamGenerateContent`)
/// for a pipeline scenario whose LLM is `gemini`: the request's `systemInstruction` and `contents` (text,
/// `functionCall`, `functionResponse` parts) become the plugin's context items, the scenario's next agent turn is the
/// reply, and the plugin's own `GenerateContentResponse` chunks are streamed as `data:` events at the scenario's pace.
/// `GET /v1beta/models` (LiveKit's prewarm) lists the scenario's model. Errors are Google's own shape:
/// `{"error": {"code", "message", "status"}}`.
struct GeminiWire {
    let server: PipelineServer
    let route: PipelineServer.Route

    /// The model of a `…/models/MODEL:streamGenerateContent` path, or nil.
    static func model(inPath path: String) -> String? {
        guard path.hasSuffix(":streamGenerateContent"), let range = path.range(of: "/models/") else { return nil }
        return String(path[range.upperBound...].dropLast(":streamGenerateContent".count))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        let body = JSONValue.object([
            (
                "error",
                .object([("code", .int(Int(status.code))), ("message", .string(message)), ("status", .string(code))])
            )
        ])
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.prettyString() + "\n")))
    }

    /// `GET /v1beta/models`: the scenario's model.
    func models() -> Response {
        guard let script = route.script else {
            return Self.error(.notFound, "NOT_FOUND", server.unknownScenario(route))
        }
        let model = JSONValue.object([
            ("name", .string("models/" + script.models.llm)), ("displayName", .string(script.models.llm)),
            ("supportedGenerationMethods", ["generateContent", "streamGenerateContent"]),
        ])
        let body = JSONValue.object([("models", .array([model]))])
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString())))
    }

    func respond(to request: Request, model: String) async -> Response {
        guard let script = route.script else {
            return Self.error(.notFound, "NOT_FOUND", server.unknownScenario(route))
        }
        guard let body = await PipelineServer.body(of: request) else {
            return Self.error(.contentTooLarge, "INVALID_ARGUMENT", "Request payload size exceeds the limit.")
        }
        guard let json = try? JSONValue.parse(bytes: Array(buffer: body)), case .object = json else {
            return Self.error(.badRequest, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        }
        guard model == script.models.llm else {
            return Self.error(
                .notFound, "NOT_FOUND",
                "models/\(model) is not found for API version v1beta, or is not supported for generateContent.")
        }
        var context: [ContextItem] = []
        let system = (json["systemInstruction"]?["parts"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            .joined()
        if !system.isEmpty { context.append(ChatCompletionsWire.item(.system, system, script)) }
        for content in json["contents"]?.arrayValue ?? [] {
            let role = content["role"]?.stringValue ?? "user"
            for part in content["parts"]?.arrayValue ?? [] {
                if let text = part["text"]?.stringValue {
                    if part["thought"]?.boolValue == true { continue }
                    context.append(ChatCompletionsWire.item(role == "model" ? .assistant : .user, text, script))
                } else if let call = part["functionCall"] {
                    let name = call["name"]?.stringValue
                    context.append(
                        ChatCompletionsWire.item(
                            .toolCall, call["args"]?.compactString() ?? "{}", script, toolName: name))
                } else if let response = part["functionResponse"] {
                    let name = response["name"]?.stringValue
                    let output =
                        response["response"]?["output"]?.stringValue ?? response["response"]?.compactString() ?? ""
                    context.append(ChatCompletionsWire.item(.toolResult, output, script, toolName: name))
                }
            }
        }
        let session: PipelineServeSession
        do {
            session = try server.session(for: script)
        } catch {
            return Self.error(.internalServerError, "INTERNAL", error.description)
        }
        let plan: PipelineServeSession.LLMPlan
        do {
            plan = try session.llmBegin(context: context, at: session.now)
        } catch {
            return Self.error(
                .badRequest, "FAILED_PRECONDITION", "The scenario '\(script.scenario.name)' has no agent turn left.")
        }
        return LLMStream.response(
            plan, session: session, server: server, event: { "data: " + $0.json.compactString() + "\r\n\r\n" },
            done: nil, keepAlive: "\r\n")
    }
}
