import CanaryStore
import MiniHTTP

/// `GET /api/v1/flock/fetch` (docs/api.md §7.6): one flock's summary in the shape the Console documents for
/// `flock/summary`, which the Go client reads from this path.
package enum FetchFlockHandler {
    /// How many kinds `top_tokens` lists when `num_top_tokens` is absent (the documented example lists three).
    static let defaultTopTokens = 3

    /// Auth, `flock_id` (missing or unknown: `Flock does not exist.`) and optional `num_top_tokens` (a whole number
    /// up to 1,000, else `Parameter num_top_tokens was invalid.`), then the counts over the flock's tokens and
    /// incidents. `top_tokens` lists the most common kinds, most tokens first, ties by kind.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let flockID = parameters["flock_id"], !flockID.isEmpty else { throw .flockDoesNotExist }
        let top = try topCount(parameters["num_top_tokens"])
        let exists = try context.read("flock") { store in try store.flockExists(flockID) }
        guard exists else { throw .flockDoesNotExist }
        let tokens = try context.read("flock tokens") { store in try store.tokens(flockID: flockID) }
        var filter = IncidentFilter()
        filter.flockID = flockID
        let incidents = try context.read("flock incidents") { store in try store.incidentCount(matching: filter) }
        var kinds: [String: Int] = [:]
        for token in tokens { kinds[token.kind, default: 0] += 1 }
        let ranked = kinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top)
        return .json([
            "different_token_num": .int(kinds.count),
            "disabled_tokens": .int(tokens.filter { !$0.enabled }.count),
            "incident_count": .int(incidents),
            "result": "success",
            "top_tokens": .array(ranked.map { ["count": .int($0.value), "kind": .string($0.key)] }),
            "total_tokens": .int(tokens.count),
            "triggered_tokens": .int(tokens.filter { $0.triggeredCount > 0 }.count),
        ])
    }

    /// `num_top_tokens`: absent or empty → the default; else decimal digits for 0–1,000.
    private static func topCount(_ given: String?) throws(APIError) -> Int {
        guard let given, !given.isEmpty else { return defaultTopTokens }
        guard given.utf8.count <= 4, given.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let count = Int(given),
            count <= 1000
        else { throw .invalidParameter("num_top_tokens") }
        return count
    }
}
