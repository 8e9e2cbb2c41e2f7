/// The rule-of-thumb text-token estimate plugins use when a scenario gives no exact count.
public enum TextTokens {
    /// About one token per `charactersPerToken` characters (Unicode scalars), rounded up; 0 for empty text.
    public static func estimate(_ text: String, charactersPerToken: Int = 4) -> Int {
        let count = text.unicodeScalars.count
        guard count > 0 else { return 0 }
        return (count + charactersPerToken - 1) / charactersPerToken
    }
}
