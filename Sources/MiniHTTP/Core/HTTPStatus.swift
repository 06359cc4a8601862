/// An HTTP status code with its reason phrase (RFC 9110 §15).
package struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit status code.
    package let code: Int
    /// The reason phrase written on the status line.
    package let reason: String

    /// Makes a status from a code and reason phrase.
    package init(_ code: Int, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// Makes a status from a code, with the standard reason phrase when one is known.
    package init(code: Int) {
        self.init(code, HTTPStatus.standardReasons[code] ?? "Status \(code)")
    }

    /// `"200 OK"`.
    package var description: String { "\(code) \(reason)" }

    /// 100 Continue.
    package static let `continue` = HTTPStatus(100, "Continue")
    /// 200 OK.
    package static let ok = HTTPStatus(200, "OK")
    /// 204 No Content.
    package static let noContent = HTTPStatus(204, "No Content")
    /// 400 Bad Request.
    package static let badRequest = HTTPStatus(400, "Bad Request")
    /// 401 Unauthorized.
    package static let unauthorized = HTTPStatus(401, "Unauthorized")
    /// 403 Forbidden.
    package static let forbidden = HTTPStatus(403, "Forbidden")
    /// 404 Not Found.
    package static let notFound = HTTPStatus(404, "Not Found")
    /// 405 Method Not Allowed.
    package static let methodNotAllowed = HTTPStatus(405, "Method Not Allowed")
    /// 408 Request Timeout.
    package static let requestTimeout = HTTPStatus(408, "Request Timeout")
    /// 413 Content Too Large.
    package static let contentTooLarge = HTTPStatus(413, "Content Too Large")
    /// 414 URI Too Long.
    package static let uriTooLong = HTTPStatus(414, "URI Too Long")
    /// 429 Too Many Requests.
    package static let tooManyRequests = HTTPStatus(429, "Too Many Requests")
    /// 431 Request Header Fields Too Large.
    package static let headerFieldsTooLarge = HTTPStatus(431, "Request Header Fields Too Large")
    /// 500 Internal Server Error.
    package static let internalServerError = HTTPStatus(500, "Internal Server Error")
    /// 501 Not Implemented.
    package static let notImplemented = HTTPStatus(501, "Not Implemented")
    /// 503 Service Unavailable.
    package static let serviceUnavailable = HTTPStatus(503, "Service Unavailable")
    /// 505 HTTP Version Not Supported.
    package static let httpVersionNotSupported = HTTPStatus(505, "HTTP Version Not Supported")

    private static let standardReasons: [Int: String] = [
        100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
        301: "Moved Permanently", 302: "Found", 304: "Not Modified", 307: "Temporary Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 418: "I'm a teapot", 422: "Unprocessable Content",
        429: "Too Many Requests", 431: "Request Header Fields Too Large",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}
