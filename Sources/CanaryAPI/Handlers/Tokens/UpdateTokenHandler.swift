import MiniHTTP

/// `POST /api/v1/canarytoken/update` (docs/api.md §6.2): a new memo; the updated token under `token`.
package enum UpdateTokenHandler {
    /// Auth; `canarytoken` missing → not found; `memo` as create checks it; then unknown id → not found.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let id = try TokenActions.tokenID(parameters)
        let memo = try ConsoleContext.memo(parameters)
        let token = try TokenActions.update(id, memo: memo, enabled: nil, context)
        return .json(["result": "success", "token": TokenPresenter.object(token)])
    }
}
