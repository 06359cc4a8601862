import CanaryStore
import MiniHTTP

/// `GET /api/v1/flocks/list` (docs/api.md §6.4): flock id → name (a dict; canarytools iterates `.items()`).
package enum ListFlocksHandler {
    /// Auth, then every flock; `email` is accepted and ignored.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let flocks = try context.read("flocks") { store in try store.flocks() }
        let names = Dictionary(flocks.map { ($0.flockID, JSONValue.string($0.name)) }) { first, _ in first }
        return .json(["flocks": .object(names), "result": "success"])
    }
}
