import AgentSimCore

/// What `--verify` compares: which fields a collector must report, and what it held before the run.
public struct VerifyOptions: Sendable {
    /// The fields a collector must report (`--require-fields`).
    public enum Required: Sendable, Equatable {
        /// Only the fields the collector reports are compared; the oracle's others are listed as not reported.
        case reported
        /// Every field of the oracle's `model_usage` entries (and of its `usage_summary`, when the collector
        /// reports one).
        case all
        /// These fields (of `model_usage` entries or of `usage_summary`), on top of those reported.
        case fields([String])

        /// `reported`, `all` or the comma list, as the report and the text show it.
        public var text: String {
            switch self {
            case .reported: return "reported"
            case .all: return "all"
            case let .fields(names): return names.joined(separator: ",")
            }
        }
    }

    public var required: Required
    /// The collector's totals read before the run: the change since then is compared. nil: the totals as they are.
    public var baseline: JSONValue?

    public init(required: Required = .reported, baseline: JSONValue? = nil) {
        self.required = required
        self.baseline = baseline
    }

    /// Reads `--require-fields all|FIELD,…`.
    /// - Throws: ``VerifyFailure`` naming the field that is not one `--verify` compares, and the expected form.
    public static func required(parsing text: String) throws(VerifyFailure) -> Required {
        if text == "all" { return .all }
        let known = Set(Verification.entryFields.values.joined()).union(Verification.summaryFields)
        var names: [String] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard known.contains(item) else {
                let entry = Verification.entryFields["llm_usage"]?.prefix(3).joined(separator: ", ") ?? ""
                let summary = Verification.summaryFields.prefix(2).joined(separator: ", ")
                throw VerifyFailure(
                    description:
                        "--require-fields: '\(item)' is not a field --verify compares; expected all, or a comma list "
                        + "of model_usage fields (\(entry), …) and usage_summary fields (\(summary), …), as "
                        + "docs/COLLECTORS.md lists them")
            }
            if !names.contains(item) { names.append(item) }
        }
        return .fields(names)
    }
}
