import CanaryStore
import MiniHTTP

/// `POST /api/v1/canarytoken/delete` (docs/api.md §6.2).
package enum DeleteTokenHandler {
    /// Auth; `canarytoken` missing or unknown → not found. A token with incidents is deleted only with
    /// `clear_incidents=true`, which deletes them too; without it → `Could not delete Canarydrop` (docs/api.md §7.4).
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let id = try TokenActions.tokenID(parameters)
        let clear = parameters["clear_incidents"].flatMap(Validation.parseBoolean) ?? false
        let outcome = try context.write("could not delete token") { store in
            try store.deleteToken(id, clearIncidents: clear)
        }
        switch outcome {
        case .deleted: return .json(["result": "success"])
        case .notFound: throw .tokenNotFound
        case .hasIncidents: throw .couldNotDeleteToken
        }
    }
}
