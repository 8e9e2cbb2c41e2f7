/// The report's colours: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen to stay apart
/// under the three common colour-vision deficiencies, and paired with patterns and line styles so that every
/// distinction also survives grey-scale printing (dark blue vs light orange, solid vs dashed, plain vs hatched).
import AgentSimCore

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

    /// Sky blue and yellow (light): transcripts, drawn with horizontal lines as well.
    static let sky = "#56B4E9"
    static let yellow = "#F0E442"
    /// Bluish green: media tokens.
    static let green = "#009E73"
    /// Dark and light grey: instructions and special tokens.
    static let darkGrey = "#555555"
    static let lightGrey = "#BBBBBB"

    /// The colour of one source of input tokens in the stacked bars.
    static func colour(for source: InputPart.Source) -> String {
        switch source {
        case .instructions: return darkGrey
        case .hiddenOverhead: return "#FFFFFF"
        case .specialTokens: return lightGrey
        case .userAudio: return blue
        case .userTranscript: return sky
        case .agentAudio: return orange
        case .agentTranscript: return yellow
        case .toolItems: return purple
        case .media: return green
        }
    }

    /// (what, colour, how it survives grey-scale) for the page's legend.
    static let documented: [(String, String, String)] = [
        ("user audio · text tokens · user track · reported lines", blue, "dark; solid lines"),
        ("agent audio · audio tokens · agent track", orange, "light"),
        ("tool items · image tokens · tool calls", purple, "mid grey"),
        ("instructions", darkGrey, "dark grey"),
        ("special tokens of each item", lightGrey, "light grey"),
        ("user transcript", sky, "light, with horizontal lines"),
        ("agent transcript", yellow, "very light, with horizontal lines"),
        ("media (image, video, document)", green, "mid grey"),
        ("ground truth lines", vermillion, "dashed"),
        ("cached tokens · audio generated but never heard", ink, "diagonal hatching over the segment's colour"),
        ("hidden prompt overhead · tokens with no modality label · user silence", "#FFFFFF", "white, dotted outline"),
    ]
}
