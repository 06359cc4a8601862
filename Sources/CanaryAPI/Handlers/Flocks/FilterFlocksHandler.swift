import CanaryStore
import MiniHTTP

/// `GET /api/v1/flocks/filter` (docs/api.md §7.6): the flocks whose name contains `filter_str`.
package enum FilterFlocksHandler {
    /// Auth, then every flock (oldest first) whose name contains `filter_str`, ignoring case; a missing
    /// `filter_str` is `Parameter filter_str was invalid.`, an empty one matches every flock.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let filter = parameters["filter_str"] else { throw .invalidParameter("filter_str") }
        let needle = filter.lowercased()
        let flocks = try context.read("flocks") { store in try store.flocks() }
        let matches = flocks.filter { needle.isEmpty || $0.name.lowercased().contains(needle) }
        let items: [JSONValue] = matches.map { flock in
            ["flock_id": .string(flock.flockID), "name": .string(flock.name), "note": ""]
        }
        return .json(["flocks": .array(items), "result": "success"])
    }
}
