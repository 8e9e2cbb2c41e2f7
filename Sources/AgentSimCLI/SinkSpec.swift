import AgentSimLoad
import ArgumentParser
import Foundation

/// One `load --sink` value, parsed once. Every kind of sink is registered in ``SinkSpec/Kind`` with its syntax,
/// from which `load --help` and the messages for a sink that is refused are written.
struct SinkSpec: Sendable, Equatable, CustomStringConvertible {
    /// A kind of sink: the forms it is written in and how it is made.
    enum Kind: CaseIterable, Sendable {
        case jsonl, http, exec

        /// The forms, each with what `load --help` says of it (nil: nothing more).
        var forms: [(syntax: String, note: String?)] {
            switch self {
            case .jsonl: [("jsonl:PATH", "written whole or not at all"), ("jsonl:-", nil)]
            case .http:
                [
                    (
                        "http://HOST:PORT/PATH",
                        "POSTs application/x-ndjson batches; retries connection errors and 5xx with exponential "
                            + "backoff and jitter, resending the same ids; a 4xx ends the run"
                    )
                ]
            case .exec:
                [
                    (
                        "exec:COMMAND",
                        "the lines on the command's standard input; it must read them all and exit 0, and one that "
                            + "stops reading for --timeout seconds ends the run"
                    )
                ]
            }
        }

        /// Whether `text` is written in this kind's form.
        func matches(_ text: String) -> Bool {
            switch self {
            case .jsonl: text.hasPrefix("jsonl:")
            case .http: text.hasPrefix("http://") || text.hasPrefix("https://")
            case .exec: text.hasPrefix("exec:")
            }
        }
    }

    /// Every form, in order: `jsonl:PATH`, `jsonl:-`, `http://HOST:PORT/PATH`, `exec:COMMAND`.
    static var syntaxes: [String] { Kind.allCases.flatMap { $0.forms.map(\.syntax) } }

    /// `jsonl:PATH, jsonl:-, http://HOST:PORT/PATH or exec:COMMAND`.
    static var alternatives: String {
        syntaxes.dropLast().joined(separator: ", ") + " or " + (syntaxes.last ?? "")
    }

    /// `--sink`'s help: `Where lines go (repeatable): jsonl:PATH, jsonl:-, http://HOST:PORT/PATH, exec:COMMAND.`
    static var help: String { "Where lines go (repeatable): \(syntaxes.joined(separator: ", "))." }

    /// The sinks paragraph of `load --help`: every form with its note.
    static var discussion: String {
        let forms = Kind.allCases.flatMap(\.forms).map { form in
            form.note.map { "\(form.syntax) (\($0))" } ?? form.syntax
        }
        return "Sinks (any number): \(forms.joined(separator: ", "))."
    }

    var kind: Kind
    /// The sink as written (`jsonl:out.jsonl`).
    var text: String

    /// Parses one `--sink` value.
    /// - Throws: `ValidationError` naming the forms accepted.
    init(parsing text: String) throws {
        guard let kind = Kind.allCases.first(where: { $0.matches(text) }) else {
            throw ValidationError("--sink: '\(text)' is not \(Self.alternatives)")
        }
        switch kind {
        case .jsonl:
            guard text.count > 6 else {
                throw ValidationError("--sink jsonl: needs a path or -, e.g. jsonl:events.jsonl")
            }
        case .http:
            try Self.checkURL(text, option: "--sink")
        case .exec:
            guard !text.dropFirst(5).trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--sink exec: needs a command, e.g. exec:'wc -l'")
            }
        }
        self.kind = kind
        self.text = text
    }

    var description: String { text }

    static func == (a: SinkSpec, b: SinkSpec) -> Bool { a.text == b.text }

    /// Checks an `http://HOST:PORT/PATH` URL given to `option`.
    static func checkURL(_ text: String, option: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ValidationError(
                "\(option): '\(text)' is not an http:// URL with a host (e.g. http://127.0.0.1:8080/events)")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw ValidationError("\(option): port \(port) is outside 1…65535")
        }
    }

    /// Makes the sink.
    /// - Throws: ``BadInput`` when a `jsonl:` file cannot be created.
    func make(http options: HTTPSinkOptions) throws -> any LoadSink {
        switch kind {
        case .jsonl:
            do {
                return try JSONLSink(target: String(text.dropFirst(6)), stallSeconds: options.timeoutSeconds)
            } catch {
                throw BadInput("--sink \(error.description)")
            }
        case .http: return HTTPSink(url: text, options: options)
        case .exec: return ExecSink(command: String(text.dropFirst(5)), stallSeconds: options.timeoutSeconds)
        }
    }
}
