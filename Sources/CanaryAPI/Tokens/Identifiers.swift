import Basics

/// Identifiers and secrets in the Console's formats (docs/api.md §2), drawn from `SecureRandom` without modulo
/// bias.
package enum Identifiers {
    private static let tokenAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    private static let hexAlphabet = Array("0123456789abcdef".utf8)
    private static let base32Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+".utf8)
    private static let usernameAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

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

    /// An AWS-looking access key id: `AKIA` + 16 of `A-Z2-7`.
    package static func awsAccessKeyID() -> String { "AKIA" + random(16, from: base32Alphabet) }

    /// An AWS-looking secret access key: 40 of `A-Za-z0-9/+`.
    package static func awsSecretAccessKey() -> String { random(40, from: secretAlphabet) }

    /// A random IAM-style user name for `aws-id` tokens made without `aws_id_username` (mock's choice of format).
    package static func awsUsername() -> String { "canarytoken-" + random(12, from: usernameAlphabet) }

    /// `http://<domain>/<path word>/<id>/<page>`.
    package static func tokenURL(id: String, domain: String) -> String {
        let word = SecureRandom.element(of: pathWords) ?? "cdn"
        let page = SecureRandom.element(of: pageNames) ?? "logo.gif"
        return "http://\(domain)/\(word)/\(id)/\(page)"
    }

    /// The same form with the path word and page chosen by the id (FNV-1a), so a seeded token without a `url` gets
    /// the same URL on every start and every reseed.
    package static func stableTokenURL(id: String, domain: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let word = pathWords[Int(hash % UInt64(pathWords.count))]
        let page = pageNames[Int((hash / UInt64(pathWords.count)) % UInt64(pageNames.count))]
        return "http://\(domain)/\(word)/\(id)/\(page)"
    }

    /// `<id>.<domain>`.
    package static func hostname(id: String, domain: String) -> String { "\(id).\(domain)" }

    private static func random(_ count: Int, from alphabet: [UInt8]) -> String {
        SecureRandom.string(count, from: alphabet)
    }
}
