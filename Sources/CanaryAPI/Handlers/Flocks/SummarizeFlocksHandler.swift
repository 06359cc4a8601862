import CanaryStore
import MiniHTTP

/// `GET /api/v1/flocks/summary` (docs/api.md §6.4), token counts only: the mock has no devices.
package enum SummarizeFlocksHandler {
    /// Auth, then each flock's name and enabled, disabled and total token counts.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let flocks = try context.read("flocks") { store in try store.flocks() }
        let counts = try context.read("token counts") { store in try store.tokenCountsByFlock() }
        var summary: [String: JSONValue] = [:]
        for flock in flocks {
            let count = counts[flock.flockID] ?? FlockTokenCounts(enabled: 0, disabled: 0)
            summary[flock.flockID] = [
                "disabled_tokens": .int(count.disabled), "enabled_tokens": .int(count.enabled),
                "name": .string(flock.name), "total_tokens": .int(count.total),
            ]
        }
        return .json(["flocks_summary": .object(summary), "result": "success"])
    }
}
