import AgentSimCore

/// A session's lines before they are put in envelopes: each body (a metrics event or a `session_usage_updated`
/// snapshot as compact JSON) with its session-clock time.
struct RenderedSession: Sendable {
    struct Body: Sendable {
        var bytes: [UInt8]
        /// The metrics event, or nil for a snapshot.
        var metrics: MetricsBox?
    }

    /// Whether lines are wrapped as `{"id", "session", "seq", "metrics"|"event"}`.
    var envelope: Bool
    var bodies: [Body] = []
    var times: [Double] = []
    /// Session-clock seconds from start to end.
    var duration = 0.0

    init(envelope: Bool) {
        self.envelope = envelope
    }

    /// The lines as session `sessionID` sends them.
    func lines(sessionID: String) -> [LoadLine] {
        var writer = JSONWriter(capacity: 1024)
        return bodies.enumerated().map { seq, body in
            writer.clear()
            let id = Self.open(
                &writer, sessionID: sessionID, seq: seq, metrics: body.metrics != nil, envelope: envelope)
            writer.raw(body.bytes)
            Self.close(&writer, envelope: envelope)
            return LoadLine(id: id, box: body.metrics, bytes: writer.bytes)
        }
    }

    /// Writes the envelope up to the body (`{"id":"s1-4.2","session":"s1-4","seq":2,"metrics":`) and returns the
    /// event id (`s1-4.2`).
    static func open(_ writer: inout JSONWriter, sessionID: String, seq: Int, metrics: Bool, envelope: Bool) -> String {
        let id = "\(sessionID).\(seq)"
        guard envelope else { return id }
        writer.raw(#"{"id":""#.utf8)
        writer.raw(id)
        writer.raw(#"","session":"#.utf8)
        writer.string(sessionID)
        writer.raw(#","seq":"#.utf8)
        writer.integer(seq)
        writer.raw(metrics ? #","metrics":"#.utf8 : #","event":"#.utf8)
        return id
    }

    /// Ends the line: `}` after an envelope's body, then the newline.
    static func close(_ writer: inout JSONWriter, envelope: Bool) {
        if envelope { writer.byte(UInt8(ascii: "}")) }
        writer.byte(UInt8(ascii: "\n"))
    }
}
