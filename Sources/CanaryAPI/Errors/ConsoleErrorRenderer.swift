import MiniHTTP

/// The Console's error envelope, `{"message": …, "result": "error"}` (docs/api.md §1), for every error answer: the
/// API's own, the router's 404 and 405, and the server's parse errors, 408 and 503.
package struct ConsoleErrorRenderer: HTTPErrorRenderer {
    /// Makes the renderer.
    package init() {}

    /// The envelope with the status.
    package func response(status: HTTPStatus, message: String) -> HTTPResponse {
        .json(.object(["message": .string(message), "result": .string("error")]), status: status)
    }
}
