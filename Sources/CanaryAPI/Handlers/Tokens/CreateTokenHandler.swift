import MiniHTTP

/// `POST /api/v1/canarytoken/create` (docs/api.md §3.1).
package enum CreateTokenHandler {
    /// Checks in order: auth, memo, kind, flock, the kind's rules; then stores and answers under `canarytoken`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let memo = try ConsoleContext.memo(parameters)
        guard let name = parameters["kind"], let kind = KindsTable.kind(named: name) else { throw .invalidKind }
        let flockID = try context.flockID(parameters, fallback: KindsTable.defaultFlockID)
        let token = try TokenMinter.mint(
            kind: kind, memo: memo, flockID: flockID, factoryAuth: nil, parameters: parameters, context: context)
        return .json(["canarytoken": TokenPresenter.object(token), "result": "success"])
    }
}
