/// Number formatting for tables and sentences, independent of locale.
public enum Figures {
    /// `value` rounded to exactly `decimals` decimals: `fixed(1.6, decimals: 2)` is `"1.60"`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let units = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && units > 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(units) }
        let fraction = String(units % scale)
        return sign + String(units / scale) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A rate or count: whole values without a fraction (`25`), others as Swift prints them (`32.5`).
    public static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
