import Basics

/// Identifiers in the Console's formats (docs/api.md §2), drawn from `SecureRandom` without modulo
/// bias.
package enum Identifiers {
    private static let tokenAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    private static let hexAlphabet = Array("0123456789abcdef".utf8)

    /// Path words of token URLs (docs/api.md §2).
    package static let pathWords = ["cdn", "images", "static", "tags", "about", "articles", "feedback", "terms", "traffic"]
    /// Page names of token URLs (docs/api.md §2).
    package static let pageNames = ["logo.gif", "index.html", "contact.php", "post.jsp", "spacer.gif", "submit.aspx", "doc.gif"]

    /// A Canarytoken id: 25 of `0-9a-z`, about 129 bits.
    package static func canarytoken() -> String { random(25, from: tokenAlphabet) }

    /// `flock:` + 32 lowercase hex.
    package static func flockID() -> String { "flock:" + random(32, from: hexAlphabet) }

    /// A factory auth string: 32 lowercase hex (mock's choice).
    package static func factoryAuth() -> String { random(32, from: hexAlphabet) }

    /// `http://<domain>/<path word>/<id>/<page>`.
    package static func tokenURL(id: String, domain: String) -> String { tokenURL(id: id, base: "http://\(domain)") }

    /// `<base>/<path word>/<id>/<page>`, where base is `token_url_base` (docs/api.md §7.3).
    package static func tokenURL(id: String, base: String) -> String {
        let word = SecureRandom.element(of: pathWords) ?? "cdn"
        let page = SecureRandom.element(of: pageNames) ?? "logo.gif"
        return "\(base)/\(word)/\(id)/\(page)"
    }

    /// The same form with the path word and page chosen by the id (FNV-1a), so a seeded token without a `url` gets
    /// the same URL on every start and every reseed.
    package static func stableTokenURL(id: String, domain: String) -> String {
        stableTokenURL(id: id, base: "http://\(domain)")
    }

    /// `stableTokenURL(id:domain:)` under a `token_url_base`.
    package static func stableTokenURL(id: String, base: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let word = pathWords[Int(hash % UInt64(pathWords.count))]
        let page = pageNames[Int((hash / UInt64(pathWords.count)) % UInt64(pageNames.count))]
        return "\(base)/\(word)/\(id)/\(page)"
    }

    /// `<id>.<domain>`.
    package static func hostname(id: String, domain: String) -> String { "\(id).\(domain)" }

    private static func random(_ count: Int, from alphabet: [UInt8]) -> String {
        SecureRandom.string(count, from: alphabet)
    }
}
