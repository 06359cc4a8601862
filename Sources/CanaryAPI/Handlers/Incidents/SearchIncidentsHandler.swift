import CanaryStore
import MiniHTTP

/// `GET /api/v1/incidents/search` (docs/incident-endpoints.md "Search"): flat incidents matching `filter_str`,
/// `filter_logtypes` and `filter_incident_state`, by `updated_id` ascending, with page counts.
package enum SearchIncidentsHandler {
    /// Auth, `tz`, the query (parameters or cursor), then one page and the counts.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let tz = try IncidentTimeZone.parse(parameters)
        var query = try IncidentSearchQuery.parse(parameters)
        // Without limit, one page of at most `maxLimit`, with a cursor to the rest past it (as the feeds).
        let unlimited = query.limit == nil
        if unlimited { query.limit = IncidentParameters.maxLimit }
        let page = try IncidentPage.load(query, context)
        let resultFilter = query.resultFilter
        let total = try context.read("incident count") { store in try store.incidentCount(matching: resultFilter) }
        let names = try IncidentNames.load(for: page.incidents, context)
        // Other incidents from the same source, read once per distinct source host.
        // One grouped query over the src_host index, however many sources the page has.
        let hosts = Array(Set(page.incidents.map(\.srcHost).filter { !$0.isEmpty }))
        let counts = try context.read("incident counts") { store in try store.incidentCounts(srcHosts: hosts) }
        let seen = counts.mapValues { max(0, $0 - 1) }
        var sources: [String: JSONValue] = [:]
        for incident in page.incidents {
            sources[incident.srcHost] = .int((sources[incident.srcHost]?.intValue ?? 0) + 1)
        }
        let dstHost = context.configuration.dnsAnswerIP
        let items = page.incidents.map { incident in
            IncidentJSON.searchItem(
                incident, names: names, dstHost: dstHost, tz: tz, previouslySeen: seen[incident.srcHost] ?? 0)
        }
        let limit = query.limit ?? IncidentParameters.maxLimit
        let pages = max(1, (total + limit - 1) / limit)
        var answer: [String: JSONValue] = [
            "incident_source_counts": .object(sources),
            "incidents": .array(items),
            "page_number": .int(query.pageNumber),
            "result": "success",
            "total_pages": .int(pages),
            "total_results": .int(total),
        ]
        if !unlimited || page.next != nil {
            answer["cursor"] = IncidentPage.cursorObject(
                request, parameters, context, path: path, next: page.next, previous: page.previous)
        }
        return .json(.object(answer))
    }

    /// The path the cursor links point at.
    package static let path = "/api/v1/incidents/search"
}
