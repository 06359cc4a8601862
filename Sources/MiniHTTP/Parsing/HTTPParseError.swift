/// Why a request could not be parsed. Each case answers with its own status, then the connection closes.
package enum HTTPParseError: Error, Equatable, HTTPResponseError {
    /// Malformed syntax (RFC 9112): 400 with the reason.
    case badRequest(String)
    /// The request-target is over `maxRequestLineBytes`: 414.
    case uriTooLong
    /// The header section is over `maxHeaderBytes` or `maxHeaderCount`: 431.
    case headersTooLarge(String)
    /// The body is over `maxBodyBytes`: 413.
    case bodyTooLarge
    /// A transfer coding other than `chunked`: 501.
    case unsupportedTransferEncoding(String)
    /// A version other than HTTP/1.0 and HTTP/1.1: 505.
    case versionNotSupported(String)
    /// The client was too slow sending its request: 408.
    case timeout

    /// The status this error answers with.
    package var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .headerFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedTransferEncoding: .notImplemented
        case .versionNotSupported: .httpVersionNotSupported
        case .timeout: .requestTimeout
        }
    }

    /// A short English message for the error body.
    package var message: String {
        switch self {
        case .badRequest(let reason): "Bad request: \(reason)"
        case .uriTooLong: "Request-target too long"
        case .headersTooLarge(let reason): "Request header fields too large: \(reason)"
        case .bodyTooLarge: "Request body too large"
        case .unsupportedTransferEncoding(let coding): "Transfer-Encoding not supported: \(coding)"
        case .versionNotSupported(let version): "HTTP version not supported: \(version)"
        case .timeout: "Request timed out"
        }
    }

    /// The renderer's error response; parse errors always close the connection.
    package func makeResponse(_ renderer: any HTTPErrorRenderer) -> HTTPResponse {
        var response = renderer.response(status: status, message: message)
        response.closesConnection = true
        return response
    }
}
