/// Maps method + exact path to a handler. Unknown path → 404; known path, other method → 405 with `Allow`; both
/// drawn by the error renderer. A thrown `HTTPResponseError` presents itself through the renderer; anything else
/// becomes a generic 500, or what `unexpected` answers (it logs the detail).
package struct Router: HTTPResponder {
    private var routes: [String: [HTTPMethod: HTTPHandler]] = [:]
    /// Draws every error response the router makes: 404, 405, thrown `HTTPResponseError`s, the default 500.
    private let errorRenderer: any HTTPErrorRenderer
    /// Builds the response for an error the handler threw that is not an `HTTPResponseError`.
    private let presentUnexpected: (@Sendable (any Error, HTTPRequest) -> HTTPResponse)?

    /// Makes an empty router.
    /// - Parameters:
    ///   - errorRenderer: the format of every error response; MiniHTTP's neutral one unless the application hands
    ///     down its own.
    ///   - unexpected: the response for an unexpected error (log it here; answer without details); by default the
    ///     renderer's generic 500.
    package init(
        errorRenderer: any HTTPErrorRenderer = PlainErrorRenderer(),
        unexpected: (@Sendable (any Error, HTTPRequest) -> HTTPResponse)? = nil
    ) {
        self.errorRenderer = errorRenderer
        presentUnexpected = unexpected
    }

    /// Serves `method` at exactly `path` (no trailing-slash folding, no percent-decoding).
    package mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping HTTPHandler) {
        routes[path, default: [:]][method] = handler
    }

    /// Serves each of `methods` at `path` with one handler.
    package mutating func add(_ methods: [HTTPMethod], _ path: String, _ handler: @escaping HTTPHandler) {
        for method in methods { add(method, path, handler) }
    }

    /// Every registered path with its methods, sorted, for listings and tests.
    package var table: [(path: String, methods: [HTTPMethod])] {
        routes.keys.sorted().map { ($0, routes[$0, default: [:]].keys.sorted()) }
    }

    /// The handler's response, or the 404/405/500 response.
    package func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let byMethod = routes[request.path] else {
            return errorRenderer.response(status: .notFound, message: HTTPStatus.notFound.reason)
        }
        // RFC 9110 §9.3.2: HEAD is GET without the body; the server drops the body.
        guard let handler = byMethod[request.method] ?? (request.method == .head ? byMethod[.get] : nil) else {
            var response = errorRenderer.response(
                status: .methodNotAllowed, message: HTTPStatus.methodNotAllowed.reason)
            var allowed = byMethod.keys.sorted().map(\.rawValue)
            if byMethod[.get] != nil, byMethod[.head] == nil { allowed.append("HEAD") }
            response.headers.set("Allow", allowed.sorted().joined(separator: ", "))
            return response
        }
        do {
            return try handler(request)
        } catch let error as any HTTPResponseError {
            return error.makeResponse(errorRenderer)
        } catch {
            if let presentUnexpected { return presentUnexpected(error, request) }
            // The detail is not shown to the client.
            return errorRenderer.response(status: .internalServerError, message: "Internal Server Error")
        }
    }
}
