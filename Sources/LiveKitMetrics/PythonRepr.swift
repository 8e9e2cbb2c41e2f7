import AgentSimJSON

/// Python's `repr()` for the value kinds LiveKit's usage types hold.
enum PythonRepr {
    /// `repr(float)`: shortest round-trip digits (`0.0`, `1.5`, `1e-05`), `inf`, `-inf`, `nan`.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return JSONValue.format(d)
    }

    /// `repr(str)`: single quotes unless the text has `'` and no `"`; backslash escapes for
    /// the quote, `\\`, `\t`, `\n`, `\r`, and `\x..`/`\u....`/`\U........` for non-printable characters.
    static func string(_ s: String) -> String {
        let quote: Character = (s.contains("'") && !s.contains("\"")) ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += escape(scalar.value)
                }
            }
        }
        out.append(quote)
        return out
    }

    private static func escape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        if v <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if v <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Python's `str.isprintable` for one character: everything except the categories
    /// Cc, Cf, Cs, Co, Cn, Zl, Zp and the separators Zs other than the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// `Name(k=v, …)` from already-formatted values.
    static func call(_ name: String, _ fields: [(String, String)]) -> String {
        name + "(" + fields.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + ")"
    }
}
