/// A complete, parsed request: what a handler receives.
package struct HTTPRequest: Sendable {
    /// The method token.
    package var method: HTTPMethod
    /// The request-target as sent (origin form: path and query).
    package var target: String
    /// The path part of the target, before any `?`, not percent-decoded.
    package var path: String
    /// The raw query string after `?`, or `""`.
    package var query: String
    /// The protocol version.
    package var version: HTTPVersion
    /// The header fields in order.
    package var headers: HTTPHeaders
    /// The decoded body (chunked framing removed).
    package var body: [UInt8]
    /// The peer address as text, when known.
    package var remoteAddress: String?

    /// Makes a request from its parts.
    package init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], remoteAddress: String? = nil
    ) {
        self.method = method
        self.target = target
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = ""
        }
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3): HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    package var keepAlive: Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        if version == .http11 { return true }
        return headers.hasToken("keep-alive", in: "Connection")
    }

    /// The media type of the body without parameters, lowercased (`"multipart/form-data"`), or `nil`.
    package var mediaType: String? {
        guard let value = headers["Content-Type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = type.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed.lowercased()
    }
}
