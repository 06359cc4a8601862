/// An `http://` URL split into what a request needs: host, port and the path with its query (docs/webhooks.md).
package struct WebhookURL: Sendable, Equatable {
    /// The host name or address (IPv6 without its brackets).
    package var host: String
    /// The port, 80 when the URL names none.
    package var port: Int
    /// The path and query, `/` when the URL has none.
    package var target: String

    /// Parses `http://host[:port][/path]`; nil for any other scheme or a malformed authority.
    package init?(_ url: String) {
        let scheme = "http://"
        guard url.lowercased().hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<slash]
        let pathPart = String(rest[slash...])
        target = pathPart.isEmpty ? "/" : (pathPart.hasPrefix("?") ? "/" + pathPart : pathPart)
        // No user info: a webhook URL has no reason to carry credentials, and `@` would hide the real host.
        guard !authority.isEmpty, !authority.contains("@"), !target.contains(" ") else { return nil }
        var hostPart = Substring(authority)
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy(\.isASCII), let number = Int(portText), (1...65535).contains(number)
            else { return nil }
            port = number
        } else {
            port = 80
        }
        guard !hostPart.isEmpty else { return nil }
        host = String(hostPart)
    }

    /// `scheme://host[:port]` of a webhook URL: never its user info, path or query, which may carry credentials
    /// (a Slack or Teams webhook's path is its secret). The audit trail and the log show webhooks by it.
    package static func origin(of url: String) -> String {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return "" }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return "" }
        let rest = url[colon...].dropFirst(3)
        let authority = rest[..<(rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex)]
        let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        return "\(scheme)://\(host)"
    }
}
