import CanaryStore
import MiniHTTP

/// `GET /api/v1/canarytoken/fetch` (docs/api.md §3.2).
package enum FetchTokenHandler {
    /// Auth, then the token under `token` (not `canarytoken`, unlike create).
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let id = parameters["canarytoken"], !id.isEmpty else { throw .tokenNotFound }
        guard let token = try context.read("token", { store in try store.token(id) }) else {
            throw .tokenNotFound
        }
        return .json(["result": "success", "token": TokenPresenter.object(token)])
    }
}
