import MiniHTTP

/// `POST /api/v1/canarytoken/disable` (docs/api.md §6.2).
package enum DisableTokenHandler {
    /// Auth; `canarytoken` missing or unknown → not found; disabling a disabled token still counts as a change.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        _ = try TokenActions.update(try TokenActions.tokenID(parameters), memo: nil, enabled: false, context)
        return .json(["result": "success"])
    }
}
