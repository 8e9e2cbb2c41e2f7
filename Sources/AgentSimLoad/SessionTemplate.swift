import AgentSimAudio
import AgentSimCore
import Synchronization

/// One scenario file's lines under one organisation history, rendered once, with the places where a copy differs —
/// the ids its id salt gives it — left as holes a copy fills in (its session id and event ids go in the envelope).
///
/// Copies of a file are the same conversation: the same events at the same times with the same figures, told apart
/// by their ids alone (``SessionSetup/idSalt``). The template is built from two runs under two salts with every id
/// drawn recorded (``IDRecorder``): an id that differs between them is a hole, and the second run's lines must come
/// out of the template byte for byte, or the file gets no template and each copy is run.
struct SessionTemplate: Sendable {
    /// A place in a body where an id goes.
    struct Hole: Sendable {
        var offset: Int
        /// Index into ``draws``.
        var draw: Int
    }

    struct Line: Sendable {
        var body: [UInt8]
        var holes: [Hole]
        var metrics: MetricsBox?
    }

    var envelope: Bool
    var lines: [Line]
    var times: [Double]
    var duration: Double
    /// The ids that differ from copy to copy, as drawn under ``salt``.
    var draws: [IDRecorder.Draw]
    /// The id salt the bodies were rendered with.
    var salt: UInt64

    /// The template of `first`'s file, from `first` and `second` (the same session under another id salt), or nil
    /// when `second`'s lines do not come out of it exactly.
    static func make(
        first: RenderedSession, firstDraws: [IDRecorder.Draw], firstSalt: UInt64,
        second: RenderedSession, secondDraws: [IDRecorder.Draw], secondSalt: UInt64
    ) -> SessionTemplate? {
        guard first.bodies.count == second.bodies.count, first.times == second.times,
            first.duration == second.duration, firstDraws.count == secondDraws.count
        else { return nil }
        var candidates: [IDRecorder.Draw] = []
        for (a, b) in zip(firstDraws, secondDraws) where a.text != b.text {
            guard a.text(seedChange: firstSalt ^ secondSalt) == b.text, !a.text.isEmpty else { return nil }
            candidates.append(a)
        }
        // Holes, then only the draws some hole uses (most ids a provider draws never reach a metrics event).
        var draws: [IDRecorder.Draw] = []
        var used: [Int: Int] = [:]
        var lines: [Line] = []
        for body in first.bodies {
            var holes: [Hole] = []
            for (index, draw) in candidates.enumerated() {
                for offset in Self.occurrences(of: Array(draw.text.utf8), in: body.bytes) {
                    if used[index] == nil {
                        used[index] = draws.count
                        draws.append(draw)
                    }
                    holes.append(Hole(offset: offset, draw: used[index]!))
                }
            }
            holes.sort { $0.offset < $1.offset }
            for (a, b) in zip(holes, holes.dropFirst()) where a.offset + draws[a.draw].count > b.offset {
                return nil  // overlapping ids: not a shape a copy can be filled into
            }
            lines.append(Line(body: body.bytes, holes: holes, metrics: body.metrics))
        }
        let template = SessionTemplate(
            envelope: first.envelope, lines: lines, times: first.times, duration: first.duration, draws: draws,
            salt: firstSalt)
        let filled = template.bodies(idSalt: secondSalt)
        guard filled.elementsEqual(second.bodies.map(\.bytes)) else { return nil }
        return template
    }

    /// Every offset at which `needle` starts in `haystack`.
    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        var start = 0
        let first = needle[0]
        while start + needle.count <= haystack.count {
            if haystack[start] == first, haystack[start..<start + needle.count].elementsEqual(needle) {
                found.append(start)
                start += needle.count
            } else {
                start += 1
            }
        }
        return found
    }

    /// The ids of a copy with `idSalt`, as bytes, one per draw.
    private func ids(idSalt: UInt64) -> [[UInt8]] {
        let change = salt ^ idSalt
        return draws.map { $0.bytes(seedChange: change) }
    }

    /// The bodies of a copy with `idSalt` (for the check against a real run).
    func bodies(idSalt: UInt64) -> [[UInt8]] {
        let ids = ids(idSalt: idSalt)
        return lines.map { line in
            var body = line.body
            Self.fill(&body, at: 0, holes: line.holes, ids: ids)
            return body
        }
    }

    /// The lines of a copy: session `sessionID` with `idSalt`.
    func lines(sessionID: String, idSalt: UInt64) -> [LoadLine] {
        let ids = ids(idSalt: idSalt)
        var writer = JSONWriter(capacity: 1024)
        return lines.enumerated().map { seq, line in
            writer.clear()
            let id = RenderedSession.open(
                &writer, sessionID: sessionID, seq: seq, metrics: line.metrics != nil, envelope: envelope)
            let start = writer.bytes.count
            writer.raw(line.body)
            Self.fill(&writer.bytes, at: start, holes: line.holes, ids: ids)
            RenderedSession.close(&writer, envelope: envelope)
            return LoadLine(id: id, box: line.metrics, bytes: writer.bytes)
        }
    }

    /// Writes each hole's id over the template's, in place (ids keep their length).
    private static func fill(_ bytes: inout [UInt8], at start: Int, holes: [Hole], ids: [[UInt8]]) {
        guard !holes.isEmpty else { return }
        bytes.withUnsafeMutableBufferPointer { buffer in
            for hole in holes {
                let id = ids[hole.draw]
                for (k, byte) in id.enumerated() { buffer[start + hole.offset + k] = byte }
            }
        }
    }
}

/// The templates of one load run, built on first use and shared by the sessions generated concurrently: one per
/// (scenario file, organisation history). While one is being built, other copies of the file are run instead.
final class SessionTemplates: Sendable {
    private struct Key: Hashable {
        var entry: Int
        var sameInstructions: Bool
        var sameConversation: Bool
    }

    private enum Slot {
        case building
        case ready(SessionTemplate)
        /// The file's copies cannot be filled in from a template: each is run.
        case unavailable
    }

    private let slots = Mutex<[Key: Slot]>([:])

    init() {}

    /// The template for `planned`'s file and history, building it on first request; nil for a random scenario, a
    /// file whose copies differ in more than their ids, or while another session is building it.
    func template(
        for planned: PlannedSession, clips: ClipCache, format: LineFormat
    ) throws(ScenarioError) -> SessionTemplate? {
        guard let entry = planned.entry else { return nil }
        let key = Key(
            entry: entry, sameInstructions: planned.organisation.sameInstructions,
            sameConversation: planned.organisation.sameConversation)
        let builds: Bool = slots.withLock { slots in
            switch slots[key] {
            case .ready?, .building?, .unavailable?: return false
            case nil:
                slots[key] = .building
                return true
            }
        }
        if !builds {
            return slots.withLock { slots in
                if case let .ready(template)? = slots[key] { return template }
                return nil
            }
        }
        let made: SessionTemplate?
        do throws(ScenarioError) {
            made = try Self.build(planned, clips: clips, format: format)
        } catch {
            slots.withLock { $0[key] = nil }  // the session's own run reports the error
            throw error
        }
        slots.withLock { $0[key] = made.map { .ready($0) } ?? .unavailable }
        return made
    }

    /// Renders `planned` under its own salt and under another, recording the ids drawn, and makes the template.
    private static func build(
        _ planned: PlannedSession, clips: ClipCache, format: LineFormat
    ) throws(ScenarioError) -> SessionTemplate? {
        func run(salt: UInt64) throws(ScenarioError) -> (RenderedSession, [IDRecorder.Draw]) {
            var copy = planned
            copy.idSalt = salt
            let recorder = IDRecorder()
            var result: Result<RenderedSession, ScenarioError>?
            IDRecorder.$current.withValue(recorder) {
                do throws(ScenarioError) {
                    result = .success(try SessionGenerator.render(copy, clips: clips, format: format))
                } catch {
                    result = .failure(error)
                }
            }
            return (try result!.get(), recorder.recorded)
        }
        let other = LoadPlan.mix(planned.idSalt, 0x7465_6D70_6C61_7465)  // "template"
        let (first, firstDraws) = try run(salt: planned.idSalt)
        let (second, secondDraws) = try run(salt: other)
        return SessionTemplate.make(
            first: first, firstDraws: firstDraws, firstSalt: planned.idSalt, second: second,
            secondDraws: secondDraws, secondSalt: other)
    }
}
