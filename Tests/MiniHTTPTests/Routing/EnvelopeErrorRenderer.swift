import MiniHTTP

/// The error envelope the server and router tests assert, `{"message": …, "result": "error"}` (the format an
/// application hands down, here written by the test itself so MiniHTTP stays free of it).
struct EnvelopeErrorRenderer: HTTPErrorRenderer {
    func response(status: HTTPStatus, message: String) -> HTTPResponse {
        .json(.object(["message": .string(message), "result": .string("error")]), status: status)
    }
}
