import MiniHTTP

/// `POST /api/v1/canarytoken/enable` (docs/api.md §6.2).
package enum EnableTokenHandler {
    /// Auth; `canarytoken` missing or unknown → not found; enabling an enabled token still counts as a change.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        _ = try TokenActions.update(try TokenActions.tokenID(parameters), memo: nil, enabled: true, context)
        return .json(["result": "success"])
    }
}
