/// The peer address MiniHTTP reports (`127.0.0.1:51234`, `[::1]:51234`) split into the source IP and port a
/// trigger records. Only the socket's peer counts: forwarding headers such as `X-Forwarded-For` are sent by the
/// client and are never trusted (docs/triggers.md).
package enum PeerAddress {
    /// The IP without brackets and the port, when the text has one; `""` when the peer is unknown.
    package static func split(_ text: String?) -> (ip: String, port: Int?) {
        guard let text, !text.isEmpty, text != "unknown" else { return ("", nil) }
        let bytes = text.utf8
        if bytes.first == UInt8(ascii: "[") {
            // `[v6]:port`.
            guard let close = text.firstIndex(of: "]") else { return (text, nil) }
            let ip = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.first == ":" else { return (ip, nil) }
            return (ip, Int(rest.dropFirst()))
        }
        // IPv4 `a.b.c.d:port`: exactly one colon. A bare IPv6 address (several colons) has no port.
        guard let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon else { return (text, nil) }
        return (String(text[..<colon]), Int(text[text.index(after: colon)...]))
    }
}
