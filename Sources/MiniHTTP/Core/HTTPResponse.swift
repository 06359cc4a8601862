/// A response a handler returns; the server adds framing headers (`Content-Length`, `Connection`).
package struct HTTPResponse: Sendable {
    /// The status line's code and reason.
    package var status: HTTPStatus
    /// Headers to send, other than the framing ones the server writes itself.
    package var headers: HTTPHeaders
    /// The body bytes.
    package var body: [UInt8]
    /// Whether the server must close the connection after writing this response.
    package var closesConnection: Bool
    /// Whether the server closes the connection without writing anything (a simulated network failure).
    package var dropsConnection = false

    /// Makes a response from its parts.
    package init(
        status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], closesConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closesConnection = closesConnection
    }

    /// No answer at all: the server closes the connection as if the network had failed.
    package static var drop: HTTPResponse {
        var response = HTTPResponse(status: .internalServerError, closesConnection: true)
        response.dropsConnection = true
        return response
    }

    /// A JSON response printed as Python's `json.dumps(value, indent=2, sort_keys=True)` plus one newline,
    /// as Flask's `jsonify` ends its bodies.
    package static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        var body = JSONWriter.encode(value)
        body.append(0x0A)
        return HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }
}

/// An error that knows how to present itself to an HTTP client, in the format the given renderer writes.
package protocol HTTPResponseError: Error {
    /// The status the response carries.
    var status: HTTPStatus { get }
    /// A short message safe to show the client.
    var message: String { get }
    /// The response to send for this error; by default the renderer's for `status` and `message`.
    func makeResponse(_ renderer: any HTTPErrorRenderer) -> HTTPResponse
}

extension HTTPResponseError {
    /// The renderer's response for `status` and `message`.
    package func makeResponse(_ renderer: any HTTPErrorRenderer) -> HTTPResponse {
        renderer.response(status: status, message: message)
    }
}
