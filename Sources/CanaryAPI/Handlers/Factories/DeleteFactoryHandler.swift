import CanaryStore
import MiniHTTP

/// `DELETE /api/v1/canarytoken/delete_factory` (docs/api.md §3.4).
package enum DeleteFactoryHandler {
    /// Auth; `factory_auth` missing → bad parameter, unknown or deleted → not found; tokens it made stay.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let factoryAuth = parameters["factory_auth"], !factoryAuth.isEmpty else {
            throw .couldNotProcessParameters
        }
        let deleted = try context.write("could not delete factory") { store in
            try store.deleteFactory(factoryAuth, atMicros: context.now())
        }
        guard deleted else { throw .factoryAuthNotFound }
        return .json(["msg": "TokenFactory auth string deleted", "result": "success"])
    }
}
