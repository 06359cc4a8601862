import MiniHTTP
import Testing

/// The formats of docs/api.md §2, written from the contract (not from the code under test).
enum Formats {
    /// The path words of token URLs, as docs/api.md §2 lists them.
    static let pathWords = ["cdn", "images", "static", "tags", "about", "articles", "feedback", "terms", "traffic"]
    /// The page names of token URLs, as docs/api.md §2 lists them.
    static let pageNames = ["logo.gif", "index.html", "contact.php", "post.jsp", "spacer.gif", "submit.aspx", "doc.gif"]

    /// Whether the whole of `text` matches the regular expression `pattern`.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else {
            Issue.record("bad test pattern \(pattern)")
            return false
        }
        return text.wholeMatch(of: regex) != nil
    }

    /// A canarytoken id: 25 of `0-9a-z`.
    static func isTokenID(_ text: String) -> Bool { matches(text, "[0-9a-z]{25}") }
    /// `created`: Unix time with exactly six decimals.
    static func isCreated(_ text: String) -> Bool { matches(text, "[0-9]+\\.[0-9]{6}") }
    /// `created_printable`: `yyyy-MM-dd HH:mm:ss (UTC)`.
    static func isCreatedPrintable(_ text: String) -> Bool {
        matches(text, "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} \\(UTC\\)")
    }
    /// A factory auth string the server makes: 32 lowercase hex.
    static func isFactoryAuth(_ text: String) -> Bool { matches(text, "[0-9a-f]{32}") }
    /// `flock:` + 32 lowercase hex.
    static func isGeneratedFlockID(_ text: String) -> Bool { matches(text, "flock:[0-9a-f]{32}") }
    /// `AKIA` + 16 of `A-Z2-7`.
    static func isAccessKeyID(_ text: String) -> Bool { matches(text, "AKIA[A-Z2-7]{16}") }
    /// 40 of `A-Za-z0-9/+`.
    static func isSecretAccessKey(_ text: String) -> Bool { matches(text, "[A-Za-z0-9/+]{40}") }
    /// An IAM user name: 1–64 of `A-Za-z0-9+=,.@_-`.
    static func isAWSUsername(_ text: String) -> Bool { matches(text, "[A-Za-z0-9+=,.@_-]{1,64}") }

    /// `http://<domain>/<path word>/<id>/<page>` with the word and page from the contract's lists.
    static func isTokenURL(_ url: String, id: String, domain: String) -> Bool {
        let prefix = "http://\(domain)/"
        guard url.hasPrefix(prefix) else { return false }
        let parts = url.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return parts.count == 3 && pathWords.contains(parts[0]) && parts[1] == id && pageNames.contains(parts[2])
    }
}

/// Checks of token objects (docs/api.md §2).
enum TokenChecks {
    /// The fields every token object has.
    static let commonKeys: Set<String> = [
        "canarytoken", "created", "created_printable", "enabled", "flock_id", "hostname", "key", "kind", "memo",
        "node_id", "triggered_count", "updated_id", "url",
    ]

    /// Checks every common field of a token object made at the fixed clock, and that its keys are exactly the
    /// common ones plus `extraKeys`. Returns the token id ("" when missing).
    @discardableResult
    static func expectToken(
        _ token: JSONValue?, kind: String, memo: String, flockID: String = "flock:default",
        extraKeys: Set<String> = [], domain: String = TestConsole.domain,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        guard let token, let object = token.objectValue else {
            Issue.record("not a token object: \(String(describing: token))", sourceLocation: sourceLocation)
            return ""
        }
        let id = token["canarytoken"]?.stringValue ?? ""
        #expect(Set(object.keys) == commonKeys.union(extraKeys), "keys of a \(kind) token", sourceLocation: sourceLocation)
        #expect(Formats.isTokenID(id), "canarytoken \(id)", sourceLocation: sourceLocation)
        #expect(token["key"] == .string("canarydrop:\(id)"), sourceLocation: sourceLocation)
        #expect(token["node_id"] == .string(id), sourceLocation: sourceLocation)
        #expect(token["kind"] == .string(kind), sourceLocation: sourceLocation)
        #expect(token["memo"] == .string(memo), sourceLocation: sourceLocation)
        #expect(token["flock_id"] == .string(flockID), sourceLocation: sourceLocation)
        let created = token["created"]?.stringValue ?? ""
        #expect(Formats.isCreated(created), "created \(created)", sourceLocation: sourceLocation)
        #expect(created == TestConsole.created, sourceLocation: sourceLocation)
        #expect(token["created_printable"] == .string(TestConsole.createdPrintable), sourceLocation: sourceLocation)
        #expect(token["enabled"] == .bool(true), sourceLocation: sourceLocation)
        #expect(token["triggered_count"] == .int(0), sourceLocation: sourceLocation)
        #expect((token["updated_id"]?.intValue ?? 0) >= 1, sourceLocation: sourceLocation)
        #expect(token["hostname"] == .string("\(id).\(domain)"), sourceLocation: sourceLocation)
        let url = token["url"]?.stringValue ?? ""
        #expect(Formats.isTokenURL(url, id: id, domain: domain), "url \(url)", sourceLocation: sourceLocation)
        return id
    }
}
