/// The report's colours: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen to stay apart
/// under the three common colour-vision deficiencies, and paired with patterns and line styles so that every
/// distinction also survives grey-scale printing (dark blue vs light orange, solid vs dashed, plain vs hatched).
enum ReportPalette {
    /// Text tokens, the user's track and reported lines: blue, dark in grey-scale.
    static let blue = "#0072B2"
    /// Audio tokens and the agent's track: orange, light in grey-scale.
    static let orange = "#E69F00"
    /// Image tokens and tool calls: reddish purple, mid grey.
    static let purple = "#CC79A7"
    /// Ground-truth lines, drawn dashed: vermillion.
    static let vermillion = "#D55E00"
    /// Ink for axes, barge-ins and hatching.
    static let ink = "#222222"
    /// Grid lines and tokens a report leaves unlabelled (white with a dotted outline).
    static let grid = "#DDDDDD"

    /// (what, colour, how it survives grey-scale) for the page's legend.
    static let documented: [(String, String, String)] = [
        ("text tokens · user track · reported lines", blue, "dark; solid lines"),
        ("audio tokens · agent track", orange, "light"),
        ("image tokens · tool calls", purple, "mid grey"),
        ("ground truth lines", vermillion, "dashed"),
        ("cached tokens · audio generated but never heard", ink, "diagonal hatching over the segment's colour"),
        ("tokens with no modality label · user silence", "#FFFFFF", "white, dotted outline"),
    ]
}
