/// Dated model snapshots as providers publish them, and the family each belongs to.
///
/// A user writes the model the way their provider's documentation does, often pinned to a dated snapshot:
/// OpenAI's `gpt-4o-realtime-preview-2024-12-17` (`-YYYY-MM-DD`), Gemini's
/// `gemini-2.5-flash-native-audio-preview-09-2025` (`-MM-YYYY`), Anthropic's `claude-sonnet-4-5-20250929`
/// (`-YYYYMMDD`). A plugin documents families; a snapshot it does not list runs on its family's profile.
public enum ModelSnapshot {
    /// The date forms that mark a snapshot, as `agentsim providers` describes them.
    public static let forms =
        "OpenAI's -YYYY-MM-DD (gpt-realtime-2025-08-28), Gemini's -MM-YYYY "
        + "(gemini-2.5-flash-native-audio-preview-09-2025) and Anthropic's -YYYYMMDD (claude-sonnet-4-5-20250929)"

    /// The name without its date suffix, or nil when it ends in no date of the three forms.
    public static func undated(_ name: String) -> String? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        func digits(_ part: Substring, _ count: Int) -> Int? {
            guard part.count == count, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(part)
        }
        func plausible(year: Int, month: Int, day: Int = 1) -> Bool {
            (2000...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
        }
        func base(dropping count: Int) -> String? {
            guard parts.count > count else { return nil }
            let kept = parts.dropLast(count).joined(separator: "-")
            return kept.isEmpty ? nil : kept
        }
        let n = parts.count
        // OpenAI: -YYYY-MM-DD.
        if n >= 4, let y = digits(parts[n - 3], 4), let m = digits(parts[n - 2], 2), let d = digits(parts[n - 1], 2),
            plausible(year: y, month: m, day: d)
        {
            return base(dropping: 3)
        }
        // Gemini: -MM-YYYY.
        if n >= 3, let m = digits(parts[n - 2], 2), let y = digits(parts[n - 1], 4), plausible(year: y, month: m) {
            return base(dropping: 2)
        }
        // Anthropic: -YYYYMMDD.
        if n >= 2, let whole = digits(parts[n - 1], 8),
            plausible(year: whole / 10_000, month: whole / 100 % 100, day: whole % 100)
        {
            return base(dropping: 1)
        }
        return nil
    }

    /// The listed model a dated snapshot belongs to: the undated name when it is listed, else the first listed model
    /// whose own undated name is the same (`gemini-2.5-flash-native-audio-preview-12-2025` for the `-09-2025`
    /// snapshot); nil when `name` is not dated or no family is listed.
    public static func family(of name: String, in models: [ModelDocumentation]) -> ModelDocumentation? {
        guard let base = undated(name) else { return nil }
        if let undatedListed = models.first(where: { $0.name == base }) { return undatedListed }
        return models.first { undated($0.name) == base }
    }
}
