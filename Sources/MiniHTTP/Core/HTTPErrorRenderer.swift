/// Turns an error's status and message into the response a client sees. The layer above the server hands one down
/// (the Console API renders its own envelope); the router, the parser's errors and the server's own refusals all
/// answer through it, so MiniHTTP never writes an application's error format itself.
package protocol HTTPErrorRenderer: Sendable {
    /// The response for an error with `status` and a short `message` safe to show a client.
    func response(status: HTTPStatus, message: String) -> HTTPResponse
}

/// MiniHTTP's own format, used when nobody hands down another: `{"message": …}` as JSON.
package struct PlainErrorRenderer: HTTPErrorRenderer {
    /// Makes the renderer.
    package init() {}

    /// `{"message": …}` with the status.
    package func response(status: HTTPStatus, message: String) -> HTTPResponse {
        .json(.object(["message": .string(message)]), status: status)
    }
}
