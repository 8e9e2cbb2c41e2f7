import AgentSimCore

extension CheckItem {
    /// Why this item is not checked against livekit-agents `version` (its provider's LiveKit plugin is newer), or nil.
    func skipReason(version: String) -> String? {
        guard let required = plugin.requiredLiveKitVersion, Self.version(version, isOlderThan: required) else {
            return nil
        }
        return "\(plugin.documentation.title) needs livekit-agents \(required)"
    }

    /// Dotted versions compared number by number (`1.2.18` is older than `1.8.9`).
    static func version(_ a: String, isOlderThan b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0, q = i < y.count ? y[i] : 0
            if p != q { return p < q }
        }
        return false
    }
}
