import CanaryStore
import MiniHTTP

/// One keyset page of a feed (docs/incidents.md "Paging"): the incidents, and the cursors of the pages on either
/// side when there are any. Never offsets, so a client that acknowledges or deletes a page's incidents before
/// asking for the next skips nothing.
package struct IncidentPage: Sendable, Equatable {
    /// The page's incidents, `updated_id` ascending.
    package var incidents: [IncidentRecord]
    /// The next page's cursor; nil on the last page.
    package var next: String?
    /// The previous page's cursor; nil on the first page.
    package var previous: String?

    /// Most events one page renders: a page stops before the incident that would take it over (the first is always
    /// shown), and its cursor continues from there, so an answer's memory stays bounded whatever its incidents hold
    /// (docs/incident-endpoints.md "Feeds").
    package static let eventBudget = 20_000

    /// Reads the page `query` asks for.
    package static func load(_ query: some IncidentPagedQuery, _ context: ConsoleContext) throws(APIError) -> IncidentPage {
        let filter = query.filter(query.direction, from: query.bound)
        let limit = query.limit ?? IncidentParameters.maxLimit
        // One more than the page shows, to know whether another page follows in the page's direction.
        let fromNewest = query.direction == .previous
        let rows = try context.read("incidents") { store in
            try store.incidents(matching: filter, limit: limit + 1, fromNewest: fromNewest, eventBudget: eventBudget)
        }
        let incidents = fromNewest ? Array(rows.suffix(limit)) : Array(rows.prefix(limit))
        // A page the event budget cut short has more after it, though it read fewer than limit + 1 rows.
        var more = rows.count > limit
        if !more, let edge = fromNewest ? incidents.first : incidents.last {
            more = try exists(query, query.direction, edge.updatedID, context)
        }
        guard let first = incidents.first, let last = incidents.last else {
            return IncidentPage(incidents: [], next: nil, previous: nil)
        }
        var page = IncidentPage(incidents: incidents, next: nil, previous: nil)
        switch query.direction {
        case .next:
            if more { page.next = query.cursor(.next, from: last.updatedID) }
            if try exists(query, .previous, first.updatedID, context) {
                page.previous = query.cursor(.previous, from: first.updatedID)
            }
        case .previous:
            if more { page.previous = query.cursor(.previous, from: first.updatedID) }
            if try exists(query, .next, last.updatedID, context) {
                page.next = query.cursor(.next, from: last.updatedID)
            }
        }
        return page
    }

    /// Whether any incident of the query lies `direction` of `bound`.
    private static func exists(
        _ query: some IncidentPagedQuery, _ direction: IncidentPageDirection, _ bound: Int, _ context: ConsoleContext
    ) throws(APIError) -> Bool {
        let filter = query.filter(direction, from: bound)
        return try !context.read("incidents") { store in
            try store.incidents(matching: filter, limit: 1, withEvents: false)
        }.isEmpty
    }

    /// The `cursor` object `{next, next_link, prev, prev_link}`. Links are absolute, built from the request's `Host`
    /// (the configured address without one), and carry `auth_token` only when the caller sent it as a parameter (a
    /// caller using the header keeps sending the header), and `tz` when it was sent.
    package static func cursorObject(
        _ request: HTTPRequest, _ parameters: HTTPParameters, _ context: ConsoleContext, path: String,
        next: String?, previous: String?
    ) -> JSONValue {
        let host = request.headers["Host"] ?? "\(context.configuration.host):\(context.configuration.port)"
        func link(_ cursor: String?) -> JSONValue {
            guard let cursor else { return .null }
            var pairs = [("cursor", cursor)]
            if let token = parameters["auth_token"] { pairs.append(("auth_token", token)) }
            if let tz = IncidentParameters.text(parameters, "tz") { pairs.append(("tz", tz)) }
            return .string("http://\(host)\(path)?" + PercentEncoding.encode(pairs, spaceAsPlus: false))
        }
        return [
            "next": next.map(JSONValue.string) ?? .null, "next_link": link(next),
            "prev": previous.map(JSONValue.string) ?? .null, "prev_link": link(previous),
        ]
    }
}
