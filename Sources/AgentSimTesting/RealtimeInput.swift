import AgentSimCore

/// One input to a realtime session, so a script can hold a conversation's inputs in order and hand them over one by
/// one. Plugins never see this enum: ``send(to:)`` calls the session's method for the input.
public enum RealtimeInput: Sendable, Equatable {
    case start(RealtimeStart)
    case advance(RealtimeClock)
    case hear(RealtimeUserAudio)
    case commit(RealtimeCommit)
    case instructions(RealtimeInstructions)
    case tools(RealtimeTools)
    case startResponse(RealtimeResponseStart)
    case responseAudio(RealtimeResponseAudio)
    case finishResponse(RealtimeResponseDone)
    case truncate(RealtimeTruncation)
    case toolResult(RealtimeToolResult)
    case end(RealtimeEnd)

    /// Hands the input to `session`; returns the reports it causes.
    public func send(to session: inout some RealtimeSession) -> [ProviderOutput] {
        switch self {
        case let .start(input): session.start(input)
        case let .advance(input): session.advance(input)
        case let .hear(input): session.hear(input)
        case let .commit(input): session.commit(input)
        case let .instructions(input): session.updateInstructions(input)
        case let .tools(input): session.updateTools(input)
        case let .startResponse(input): session.startResponse(input)
        case let .responseAudio(input): session.responseAudio(input)
        case let .finishResponse(input): session.finishResponse(input)
        case let .truncate(input): session.truncate(input)
        case let .toolResult(input): session.toolResult(input)
        case let .end(input): session.end(input)
        }
    }

    /// The input's time on the session clock.
    public var time: Double {
        switch self {
        case let .start(input): input.time
        case let .advance(input): input.time
        case let .hear(input): input.time
        case let .commit(input): input.time
        case let .instructions(input): input.time
        case let .tools(input): input.time
        case let .startResponse(input): input.time
        case let .responseAudio(input): input.time
        case let .finishResponse(input): input.time
        case let .truncate(input): input.time
        case let .toolResult(input): input.time
        case let .end(input): input.time
        }
    }
}

extension Array where Element == RealtimeInput {
    /// Hands every input to `session` in order; returns all the reports.
    public func send(to session: inout some RealtimeSession) -> [ProviderOutput] {
        flatMap { $0.send(to: &session) }
    }
}
