import CanaryStore
import MiniHTTP

/// `GET /api/v1/canarytokens/fetch` (docs/api.md §6.1): every token, oldest first, under `tokens`.
package enum FetchTokensHandler {
    /// Auth; optional `flock_id` (unknown → `Flock does not exist.`); `include_endpoints` is accepted and ignored.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let flockID = try TokenListing.flockFilter(parameters, context)
        let tokens = try context.read("tokens") { store in try store.tokens(flockID: flockID) }
        return .json(["result": "success", "tokens": .array(tokens.map(TokenPresenter.object))])
    }
}
