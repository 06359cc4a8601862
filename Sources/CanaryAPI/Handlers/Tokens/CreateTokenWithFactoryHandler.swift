import CanaryStore
import MiniHTTP

/// `POST /api/v1/canarytoken/factory` and `POST /api/v1/canarytoken/factory/create` (docs/api.md §3.5).
package enum CreateTokenWithFactoryHandler {
    /// The factory string is the only credential (an `auth_token` does not replace it); then memo, kind within
    /// the factory's kinds, flock (default: the factory's own), the kind's rules.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.parameters(request)
        let factory = try context.liveFactory(parameters)
        let memo = try ConsoleContext.memo(parameters)
        guard let name = parameters["kind"], context.factoryKinds.contains(name),
            let kind = KindsTable.kind(named: name)
        else { throw .invalidKind }
        let flockID = try context.flockID(parameters, fallback: factory.flockID)
        let token = try TokenMinter.mint(
            kind: kind, memo: memo, flockID: flockID, factoryAuth: factory.factoryAuth, parameters: parameters,
            context: context)
        return .json(["canarytoken": TokenPresenter.object(token), "result": "success"])
    }
}
