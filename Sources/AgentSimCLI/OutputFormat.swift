import ArgumentParser

/// The two output forms of `compare`, `views`, `check`, `load` and `merge`.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// `--format text|json`.
struct FormatOption: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text
}
