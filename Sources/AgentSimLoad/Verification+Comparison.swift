import AgentSimCore

extension Verification {
    /// One `--verify` comparison: the fields compared (``run()``), then their differences, grouped by cause
    /// (``outcome(url:)``).
    struct Comparison {
        /// Why a field is compared the way it is.
        enum Context {
            /// The collector reports the field for entries of this type (absent in this entry: 0).
            case reported
            /// Reported for the type, but the collector has no entry of this (type, provider, model).
            case missingEntry
            /// Not reported, but required by `--require-fields`: compared as 0.
            case required
            /// An entry the oracle does not have, with a figure; the hint names the oracle's provider for it.
            case unknownEntry(hint: String?)
        }

        struct Item {
            var field: String
            /// The entry key, for the events behind a fault's effect (nil: a `usage_summary` field).
            var entry: String?
            var collector: Double
            var oracle: Double
            var isInteger: Bool
            /// The figure of the dropped, duplicated and resent events in this field.
            var effect: [Double]
            var context: Context
        }

        let collector: JSONValue
        let oracle: JSONValue
        let effects: FaultEffects
        let options: VerifyOptions
        var items: [Item] = []
        var notReported: [(group: String, fields: [String])] = []
        private var notReportedIndex: [String: Int] = [:]
        private var notReportedSeen: Set<String> = []
        var extra: [String] = []
        private var extraSeen: Set<String> = []
        /// The oracle has a figure other than 0 somewhere.
        var oracleHasFigures = false
        /// A field with such a figure was compared.
        var comparedFigure = false

        init(collector: JSONValue, oracle: JSONValue, effects: FaultEffects, options: VerifyOptions) {
            self.collector = collector
            self.oracle = oracle
            self.effects = effects
            self.options = options
        }

        var effectList: [FaultEffects.Effect] { [effects.dropped, effects.duplicated, effects.resent] }

        mutating func run() {
            compareEntries()
            compareSummary()
        }

        func isRequired(_ name: String, summary: Bool) -> Bool {
            switch options.required {
            case .reported: return false
            case .all: return !summary || collector["usage_summary"] != nil
            case let .fields(names): return names.contains(name)
            }
        }

        mutating func noteNotReported(_ group: String, _ name: String) {
            guard notReportedSeen.insert(group + "." + name).inserted else { return }
            if let i = notReportedIndex[group] {
                notReported[i].fields.append(name)
            } else {
                notReportedIndex[group] = notReported.count
                notReported.append((group, [name]))
            }
        }

        mutating func noteExtra(_ field: String) {
            if extraSeen.insert(field).inserted { extra.append(field) }
        }

        static func isInteger(_ values: JSONValue?...) -> Bool {
            values.allSatisfy { value in
                guard let value else { return true }
                if case .int = value { return true }
                return false
            }
        }

        /// `model_usage`: the oracle's entries field by field, then the collector's entries the oracle lacks.
        mutating func compareEntries() {
            let after = Table(collector["model_usage"])
            let before = options.baseline.map { Table($0["model_usage"]) }
            let theirs = before.map { after.minus($0) } ?? after
            let ours = Table(oracle["model_usage"])
            let terms = effectList.map { Table($0.totals["model_usage"]) }
            var reported: [String: Set<String>] = [:]
            for table in [after] + (before.map { [$0] } ?? []) {
                for id in table.order {
                    let known = entryFieldSets[id.type]
                    for name in table.rows[id]?.names ?? [] {
                        if known?.contains(name) == true {
                            reported[id.type, default: []].insert(name)
                        } else {
                            noteExtra("\(id.type).\(name)")
                        }
                    }
                }
            }
            var providers: [String: String] = [:]
            for id in ours.order {
                guard let row = ours.rows[id] else { continue }
                if providers["\(id.type)\u{0}\(id.model)"] == nil {
                    providers["\(id.type)\u{0}\(id.model)"] = id.provider
                }
                let mine = theirs.rows[id]
                for name in row.names {
                    let o = row.values[name]
                    let hasFigure = (o?.doubleValue ?? 0) != 0
                    if hasFigure { oracleHasFigures = true }
                    let isReported = reported[id.type]?.contains(name) ?? false
                    guard isReported || isRequired(name, summary: false) else {
                        if hasFigure { noteNotReported(id.type, name) }
                        continue
                    }
                    if hasFigure { comparedFigure = true }
                    let c = mine?.values[name]
                    items.append(
                        Item(
                            field: "model_usage[\(id.key)].\(name)", entry: id.key, collector: c?.doubleValue ?? 0,
                            oracle: o?.doubleValue ?? 0, isInteger: Self.isInteger(c, o),
                            effect: terms.map { $0.rows[id]?.values[name]?.doubleValue ?? 0 },
                            context: !isReported ? .required : mine == nil ? .missingEntry : .reported))
                }
            }
            for id in theirs.order where ours.rows[id] == nil {
                guard let row = theirs.rows[id], let known = entryFieldSets[id.type] else { continue }
                var hint: String?
                if let provider = providers["\(id.type)\u{0}\(id.model)"], provider != id.provider {
                    hint =
                        "the oracle has \(id.type) \(id.model) under provider '\(provider)', not '\(id.provider)' "
                        + "(docs/COLLECTORS.md lists the provider strings)"
                }
                for name in row.names where known.contains(name) {
                    guard let c = row.values[name], (c.doubleValue ?? 0) != 0 else { continue }
                    items.append(
                        Item(
                            field: "model_usage[\(id.key)].\(name)", entry: id.key, collector: c.doubleValue ?? 0,
                            oracle: 0, isInteger: Self.isInteger(c), effect: [0, 0, 0],
                            context: .unknownEntry(hint: hint)))
                }
            }
        }

        /// `usage_summary`, when the collector reports one (or `--require-fields` names one of its fields), in
        /// 1.2.18's form for a 1.2.x collector or one that reports only fields that form has.
        mutating func compareSummary() {
            let answer = collector["usage_summary"]
            var named = false
            if case let .fields(names) = options.required { named = names.contains(where: summaryFields.contains) }
            guard answer != nil || named else { return }
            let after = Row(answer)
            let before = options.baseline.map { Row($0["usage_summary"]) }
            let legacy =
                collector["livekit_version"]?.stringValue.map { $0.hasPrefix("1.2.") }
                ?? (answer != nil && after.names.allSatisfy(summaryFieldsV1_2.contains))
            let key = legacy ? "usage_summary_v1_2" : "usage_summary"
            let theirs = before.map { after.minus($0) } ?? after
            let ours = Row(oracle[key])
            let terms = effectList.map { Row($0.totals[key]) }
            let reported = Set(after.names + (before?.names ?? []))
            for name in ours.names {
                let o = ours.values[name]
                let hasFigure = (o?.doubleValue ?? 0) != 0
                if hasFigure { oracleHasFigures = true }
                let isReported = reported.contains(name)
                guard isReported || isRequired(name, summary: true) else {
                    if hasFigure { noteNotReported("usage_summary", name) }
                    continue
                }
                if hasFigure { comparedFigure = true }
                let c = theirs.values[name]
                items.append(
                    Item(
                        field: "usage_summary.\(name)", entry: nil, collector: c?.doubleValue ?? 0,
                        oracle: o?.doubleValue ?? 0, isInteger: Self.isInteger(c, o),
                        effect: terms.map { $0.values[name]?.doubleValue ?? 0 },
                        context: isReported ? .reported : .required))
            }
            for name in after.names + (before?.names ?? []) where ours.values[name] == nil {
                noteExtra("usage_summary.\(name)")
            }
        }
    }
}

extension Verification.Comparison {
    /// A cause being gathered: its fields' shares, and the entries they belong to (for the events behind it).
    private struct Gathering {
        var kind: String
        var rank: Double
        var shares: [VerifyOutcome.Cause.Share] = []
        var entries: [String] = []
        var entrySeen: Set<String> = []
        var summary = false
        var hint: String?
    }

    /// The verdict: the differences, explained by one reading of the faults when one explains them all (else each
    /// by the smallest set of effects that gives it), the rest by what they look like, grouped by cause.
    func outcome(url: String) -> VerifyOutcome {
        let readings = Verification.readings
        var consistent = readings.map { _ in true }
        for item in items {
            let (d, u, r) = (item.effect[0], item.effect[1], item.effect[2])
            for (i, reading) in readings.enumerated()
            where !Verification.close(item.collector, item.oracle - d + reading.duplicates * u + reading.resends * r) {
                consistent[i] = false
            }
        }
        let differing = items.filter { !Verification.close($0.collector, $0.oracle) }
        let chosen = differing.isEmpty ? nil : consistent.firstIndex(of: true)
        let faultKinds = ["dropped", "duplicated", "resent"]
        var gatherings: [String: Gathering] = [:]
        var differences: [VerifyOutcome.Difference] = []
        for item in differing {
            let difference = item.collector - item.oracle
            var parts: [(Int, Double)]?
            if let chosen {
                let reading = readings[chosen]
                parts = [
                    (0, -item.effect[0]), (1, reading.duplicates * item.effect[1]),
                    (2, reading.resends * item.effect[2]),
                ]
                .filter { $0.1 != 0 }
            } else {
                parts = Verification.smallestExplanation(difference: difference, effect: item.effect)
            }
            var kinds: [String] = []
            var explanation: String?
            if let parts, !parts.isEmpty {
                explanation = parts.map { index, amount in
                    let events = effectList[index].events(for: item.entry)
                    return
                        "\(amount < 0 ? "−" : "+")\(Figures.number(abs(amount), isInteger: item.isInteger)): "
                        + "\(events.count) event\(events.count == 1 ? "" : "s") \(effectList[index].what) "
                        + "(\(Verification.idList(events.ids, count: events.count)))"
                }.joined(separator: "; ")
                for (index, amount) in parts {
                    kinds.append(faultKinds[index])
                    gather(item, amount: amount, kind: faultKinds[index], rank: Double(index), into: &gatherings)
                }
            } else {
                let (kind, rank, hint) = Self.unexplained(item)
                kinds.append(kind)
                gather(item, amount: difference, kind: kind, rank: rank, hint: hint, into: &gatherings)
            }
            differences.append(
                VerifyOutcome.Difference(
                    field: item.field, collector: item.collector, oracle: item.oracle, isInteger: item.isInteger,
                    explanation: explanation, causes: kinds))
        }
        let nothingCompared = oracleHasFigures && !comparedFigure
        var causes = gatherings.values.sorted { $0.rank < $1.rank }.map(cause)
        if nothingCompared {
            let first = notReported.first.map {
                " (the oracle has \($0.group): \($0.fields.prefix(4).joined(separator: ", ")))"
            }
            causes.append(
                VerifyOutcome.Cause(
                    kind: "nothing-compared",
                    text:
                        "nothing compared: the answer reports none of the oracle's fields that have a figure"
                        + (first ?? "")
                        + "; docs/COLLECTORS.md gives the entry types, field names and provider strings",
                    events: nil, ids: [], fields: []))
        }
        let events = collector["events"]?.intValue
        var baseline: VerifyOutcome.Baseline?
        var runEvents = events
        if let before = options.baseline {
            let table = Verification.Table(before["model_usage"])
            let beforeEvents = before["events"]?.intValue
            baseline = VerifyOutcome.Baseline(
                events: beforeEvents, entries: table.order.count,
                holdsData: (beforeEvents ?? 0) != 0 || table.rows.values.contains { $0.holdsData }
                    || Verification.Row(before["usage_summary"]).holdsData)
            runEvents = events.flatMap { after in beforeEvents.map { after - $0 } }
        }
        return VerifyOutcome(
            url: url, livekitVersion: collector["livekit_version"]?.stringValue, collectorEvents: events,
            runEvents: runEvents, baseline: baseline, required: options.required,
            fields: items.map {
                VerifyOutcome.Field(
                    field: $0.field, collector: $0.collector, oracle: $0.oracle, isInteger: $0.isInteger)
            },
            differences: differences, causes: causes, notReported: notReported, extra: extra,
            nothingCompared: nothingCompared,
            faultsExplainEverything: !nothingCompared && (differing.isEmpty || chosen != nil),
            reading: chosen.map { readings[$0].text }.map { text in
                // No duplicate or resend touches a field compared: nothing tells whether it de-duplicates.
                let onlyDrops = items.allSatisfy { $0.effect[1] == 0 && $0.effect[2] == 0 }
                return onlyDrops ? "the dropped events are missing, and nothing else differs" : text
            })
    }

    /// What a difference the faults do not explain looks like: (kind, rank, hint).
    static func unexplained(_ item: Item) -> (String, Double, String?) {
        switch item.context {
        case let .unknownEntry(hint): return ("unknown-entry", 3, hint)
        case .missingEntry: return ("missing-entry", 4, nil)
        case .required: return ("required-not-reported", 5, nil)
        case .reported:
            if item.oracle != 0 {
                let times = (item.collector / item.oracle).rounded()
                if times >= 2, times < 1e6, Verification.close(item.collector, times * item.oracle) {
                    return ("times-\(Int(times))", 6 + times / 1e6, nil)
                }
            }
            return item.collector > item.oracle ? ("more", 7, nil) : ("less", 8, nil)
        }
    }

    private func gather(
        _ item: Item, amount: Double, kind: String, rank: Double, hint: String? = nil,
        into gatherings: inout [String: Gathering]
    ) {
        var g = gatherings[kind] ?? Gathering(kind: kind, rank: rank)
        g.shares.append(
            VerifyOutcome.Cause.Share(
                field: item.field, amount: amount, collector: item.collector, oracle: item.oracle,
                isInteger: item.isInteger))
        if let entry = item.entry {
            if g.entrySeen.insert(entry).inserted { g.entries.append(entry) }
        } else {
            g.summary = true
        }
        if g.hint == nil { g.hint = hint }
        gatherings[kind] = g
    }

    /// A gathered cause in words, with the events behind it for the faults' causes.
    private func cause(_ g: Gathering) -> VerifyOutcome.Cause {
        let effect: FaultEffects.Effect? =
            switch g.kind {
            case "dropped": effects.dropped
            case "duplicated": effects.duplicated
            case "resent": effects.resent
            default: nil
            }
        if let effect {
            // Each event carries figures of one entry: the entries' events add up, unless one is not listed by entry.
            var count = 0
            var ids: [String] = []
            if g.summary || g.entries.contains(where: { effect.byEntry[$0] == nil }) {
                (count, ids) = effect.events(for: nil)
            } else {
                for entry in g.entries {
                    let found = effect.byEntry[entry] ?? (0, [])
                    count += found.count
                    ids += found.ids
                }
            }
            return VerifyOutcome.Cause(
                kind: g.kind, text: "\(count) event\(count == 1 ? "" : "s") \(effect.what)", events: count, ids: ids,
                fields: g.shares)
        }
        var text: String
        switch g.kind {
        case "unknown-entry":
            text = "entries the oracle does not have" + (g.hint.map { ": " + $0 } ?? "")
        case "missing-entry":
            text = "entries the oracle has and the collector does not: their events were not counted"
        case "required-not-reported":
            text = "required (--require-fields) and not reported: compared as 0"
        case "more":
            text = "more than the oracle, and not the injected faults' effect"
        case "less":
            text = "less than the oracle, and not the injected faults' effect: events lost or not counted"
        default:
            let times = g.kind.dropFirst("times-".count)
            text =
                "exactly \(times)× the oracle's figure (each event counted "
                + (times == "2" ? "twice?" : "\(times) times?") + "), not the injected faults' effect"
        }
        return VerifyOutcome.Cause(kind: g.kind, text: text, events: nil, ids: [], fields: g.shares)
    }
}
