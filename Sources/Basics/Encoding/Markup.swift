/// Text for XML and HTML character data and attribute values: `&`, `<` and `>` as character references, and the
/// quotes too where an attribute needs them (https://www.w3.org/TR/xml/#syntax,
/// https://html.spec.whatwg.org/#escapingString). One escaper for the Office parts, the STS answers and the
/// slow-redirect page.
package enum Markup {
    /// The escaped text.
    /// - Parameters:
    ///   - quotes: also escape `"` as `&quot;` and `'` as `apostrophe` (attribute values).
    ///   - apostrophe: `&apos;` (XML) or `&#39;` (HTML 4 readers know only that one).
    package static func escaped(_ text: String, quotes: Bool = true, apostrophe: String = "&apos;") -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += apostrophe
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
