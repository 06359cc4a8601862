import MiniHTTP

/// `GET|POST /api/v1/ping`: the key check most clients make first (docs/api.md §3.0).
package enum PingHandler {
    /// Auth, then `{"result": "success"}`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        return .json(["result": "success"])
    }
}
