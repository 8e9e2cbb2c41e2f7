import Yams

extension ScenarioValue {
    /// Parses YAML (or JSON) text into values that remember their line and column.
    /// - Throws: `ScenarioError` with the parser's position and problem.
    public static func parseYAML(_ text: String, file: String) throws(ScenarioError) -> ScenarioValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError.fromYams(error, file: file, yamlText: text)
        } catch {
            throw ScenarioError("cannot parse: \(error)", at: SourceLocation(file: file))
        }
        guard let node else { return ScenarioValue(.null, at: SourceLocation(file: file, line: 1, column: 1)) }
        var budget = Budget()
        return try convert(node, file: file, depth: 1, budget: &budget)
    }

    /// What is left of ``ScenarioLimits``' value count and expanded text as the tree is converted: YAML
    /// aliases share their anchor's node, so a few hundred bytes can stand for billions of values.
    private struct Budget {
        var values = ScenarioLimits.maxValues
        var text = ScenarioLimits.maxExpandedText
    }

    private static func convert(
        _ node: Node, file: String, depth: Int, budget: inout Budget
    ) throws(ScenarioError) -> ScenarioValue {
        let location = SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
        guard depth <= ScenarioLimits.maxDepth else {
            throw ScenarioError(
                "lists and maps nest deeper than \(ScenarioLimits.maxDepth) levels; expected at most "
                    + "\(ScenarioLimits.maxDepth)",
                at: location)
        }
        budget.values -= 1
        guard budget.values >= 0 else {
            throw ScenarioError(
                "the document holds more than \(ScenarioLimits.maxValues) values once YAML aliases are expanded; "
                    + "expected at most \(ScenarioLimits.maxValues)",
                at: location)
        }
        if case let .scalar(scalar) = node {
            budget.text -= scalar.string.utf8.count
            guard budget.text >= 0 else {
                throw ScenarioError(
                    "the document holds more than \(ScenarioLimits.maxExpandedText) bytes of text once YAML aliases "
                        + "are expanded; expected at most \(ScenarioLimits.maxExpandedText) (4 MiB)",
                    at: location)
            }
        }
        switch node {
        case let .scalar(scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
                || scalar.style == .folded
            {
                return ScenarioValue(.string(scalar.string, quoted: true), at: location)
            }
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return ScenarioValue(.null, at: location)
            case Tag.Name.bool.rawValue:
                if let b = Bool.construct(from: scalar) { return ScenarioValue(.bool(b), at: location) }
            case Tag.Name.int.rawValue:
                if let i = Int.construct(from: scalar) { return ScenarioValue(.int(i), at: location) }
                if let d = Double.construct(from: scalar) { return ScenarioValue(.double(d), at: location) }
            case Tag.Name.float.rawValue:
                if let d = Double.construct(from: scalar) { return ScenarioValue(.double(d), at: location) }
            default: break
            }
            return ScenarioValue(.string(scalar.string, quoted: false), at: location)
        case let .sequence(sequence):
            var items: [ScenarioValue] = []
            for child in sequence { items.append(try convert(child, file: file, depth: depth + 1, budget: &budget)) }
            return ScenarioValue(.list(items), at: location)
        case let .mapping(mapping):
            var entries: [(key: String, keyLocation: SourceLocation, value: ScenarioValue)] = []
            for (key, value) in mapping {
                let keyLocation = SourceLocation(file: file, line: key.mark?.line, column: key.mark?.column)
                guard case let .scalar(k) = key else {
                    throw ScenarioError(
                        "expected a plain key, got a \(key.isMapping ? "map" : "list") as a key", at: keyLocation)
                }
                entries.append(
                    (k.string, keyLocation, try convert(value, file: file, depth: depth + 1, budget: &budget)))
            }
            return ScenarioValue(.map(entries), at: location)
        case .alias:
            throw ScenarioError("YAML aliases are not supported in scenarios; write the value out", at: location)
        }
    }
}

extension ScenarioError {
    static func fromYams(_ error: YamlError, file: String, yamlText: String) -> ScenarioError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var message = "not valid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            if problem.contains("Maximum nesting level") || context?.text.contains("Maximum nesting level") == true {
                message = "lists and maps nest too deep; expected at most \(ScenarioLimits.maxDepth) levels"
            }
            return ScenarioError(message, at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.sorted().first ?? ""
            // Yams marks the map; point at the key's second appearance when the map is in block style.
            let lines = yamlText.split(separator: "\n", omittingEmptySubsequences: false)
            let indent = String(repeating: " ", count: max(0, context.mark.column - 1))
            let hits = lines.indices.filter { i in
                i >= context.mark.line - 1
                    && (lines[i].hasPrefix(indent + key + ":") || lines[i].hasPrefix(indent + "\"" + key + "\":"))
            }
            let line = hits.count > 1 ? hits[1] + 1 : context.mark.line
            return ScenarioError(
                "key '\(key)' appears more than once in the same map; expected each key once",
                at: SourceLocation(file: file, line: line, column: context.mark.column))
        case let .reader(problem, _, _, _):
            return ScenarioError("cannot read as YAML: \(problem)", at: SourceLocation(file: file))
        default:
            return ScenarioError("not valid YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}

extension Node {
    fileprivate var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}
