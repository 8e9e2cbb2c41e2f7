import AgentSimCore

/// A small writer for HTML and inline SVG: escaped text, attributes in the order given, fixed number formats.
///
/// Everything it writes depends only on its input, so a page built from the same session is byte-identical.
enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in text and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `<name a="v" …>content</name>`; attribute values are escaped, `content` is inserted as is.
    static func element(_ name: String, _ attributes: [(String, String)] = [], _ content: String = "") -> String {
        "<\(name)\(attributeList(attributes))>\(content)</\(name)>"
    }

    /// `<name a="v" …/>`, for SVG elements without content.
    static func empty(_ name: String, _ attributes: [(String, String)]) -> String {
        "<\(name)\(attributeList(attributes))/>"
    }

    /// An SVG `<title>` (the hover text) holding `text`.
    static func title(_ text: String) -> String { element("title", [], escape(text)) }

    /// A coordinate with at most two decimals and no trailing zeros (`12`, `12.5`, `12.25`).
    static func number(_ value: Double) -> String {
        var text = Figures.fixed(value, decimals: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static func attributeList(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }
}
