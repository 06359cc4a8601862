import MiniHTTP

extension WebhookTarget {
    /// Reads one entry of the config file's `webhooks` list: `url` (required, `http://` or `https://`), `headers`
    /// (an object of strings), `flock_id`, `format` (`generic` or `splunk`); any other key is an error.
    package init(reading entry: JSONObjectReader) throws(ConfigurationError) {
        try entry.rejectUnknown(["url", "headers", "flock_id", "format"])
        let url = try entry.requiredString("url")
        guard Self.isAcceptedURL(url) else {
            throw entry.problem("url", "must be an http:// URL such as http://receiver:9000/hook, got \"\(url)\"")
        }
        var headers: [(name: String, value: String)] = []
        if let value = entry.value("headers") {
            guard case .object(let members) = value else { throw entry.problem("headers", "must be an object of strings") }
            for name in members.keys.sorted() {
                guard case .string(let text) = members[name], Self.isHeaderName(name), Self.isHeaderValue(text) else {
                    throw entry.problem("headers", "must map header names to header values")
                }
                headers.append((name, text))
            }
        }
        var format = Format.generic
        if let text = try entry.string("format") {
            guard let parsed = Format(rawValue: text) else {
                throw entry.problem("format", "must be \"generic\" or \"splunk\", got \"\(text)\"")
            }
            format = parsed
        }
        self.init(url: url, headers: headers, flockID: try entry.string("flock_id"), format: format)
    }

    /// RFC 9110 §5.1: a field name is a token.
    package static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (0x21...0x7E).contains(byte) && !Array("\"(),/:;<=>?@[\\]{}".utf8).contains(byte)
        }
    }

    /// RFC 9110 §5.5: no CR, LF or NUL in a field value (they would split the request).
    package static func isHeaderValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
