import CanaryStore
import MiniHTTP

/// `POST /api/v1/canarytoken/delete` (docs/api.md §6.2).
package enum DeleteTokenHandler {
    /// Auth; `canarytoken` missing or unknown → not found; `clear_incidents` is accepted and ignored.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let id = try TokenActions.tokenID(parameters)
        let deleted = try context.write("could not delete token") { store in try store.deleteToken(id) }
        guard deleted else { throw .tokenNotFound }
        return .json(["result": "success"])
    }
}
