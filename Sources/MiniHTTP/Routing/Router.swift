/// Maps method + exact path to a handler. Unknown path → 404 JSON; known path, other method → 405 JSON with
/// `Allow`. A thrown `HTTPResponseError` presents itself; anything else becomes a generic 500 and is reported to
/// `onUnexpectedError` for the log.
package struct Router: HTTPResponder {
    private var routes: [String: [HTTPMethod: HTTPHandler]] = [:]
    /// Builds the response for an error the handler threw that is not an `HTTPResponseError`.
    private let presentUnexpected: @Sendable (any Error, HTTPRequest) -> HTTPResponse
    /// Builds the response for a path or method with no route (status 404 or 405).
    private let presentMissing: @Sendable (HTTPStatus, HTTPRequest) -> HTTPResponse

    /// Makes an empty router.
    /// - Parameters:
    ///   - missing: the response for 404 and 405; the router adds `Allow` to a 405 itself.
    ///   - unexpected: the response for an unexpected error (log it here; answer without details).
    package init(
        missing: @escaping @Sendable (HTTPStatus, HTTPRequest) -> HTTPResponse = Router.defaultMissing,
        unexpected: @escaping @Sendable (any Error, HTTPRequest) -> HTTPResponse = Router.defaultUnexpected
    ) {
        presentMissing = missing
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
        guard let byMethod = routes[request.path] else { return presentMissing(.notFound, request) }
        // RFC 9110 §9.3.2: HEAD is GET without the body; the server drops the body.
        guard let handler = byMethod[request.method] ?? (request.method == .head ? byMethod[.get] : nil) else {
            var response = presentMissing(.methodNotAllowed, request)
            var allowed = byMethod.keys.sorted().map(\.rawValue)
            if byMethod[.get] != nil, byMethod[.head] == nil { allowed.append("HEAD") }
            response.headers.set("Allow", allowed.sorted().joined(separator: ", "))
            return response
        }
        do {
            return try handler(request)
        } catch let error as any HTTPResponseError {
            return error.makeResponse()
        } catch {
            return presentUnexpected(error, request)
        }
    }

    /// `{"message": "Not Found", "result": "error"}` with the status.
    package static func defaultMissing(_ status: HTTPStatus, _ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse.jsonError(status.reason, status: status)
    }

    /// A generic 500; the detail is not shown to the client.
    package static func defaultUnexpected(_ error: any Error, _ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse.jsonError("Internal Server Error", status: .internalServerError)
    }
}
