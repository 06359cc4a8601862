import CanaryStore
import MiniHTTP

/// What `incidents/search` asks for (docs/incident-endpoints.md "Search"): `filter_str`, `filter_logtypes`,
/// `filter_incident_state` and the page, from the parameters or, when a `cursor` is sent, from the cursor alone.
package struct IncidentSearchQuery: IncidentPagedQuery, Sendable, Equatable {
    /// `filter_incident_state`: which incidents are searched.
    package var state: IncidentFeed = .unacknowledged
    /// `filter_str`: a case-insensitive substring.
    package var text: String?
    /// `filter_logtypes`: a comma-separated list of logtype codes.
    package var logtypes: String?
    /// The page's direction.
    package var direction = IncidentPageDirection.next
    /// The page's keyset bound, nil on the first page.
    package var bound: Int?
    /// The page size; nil when the request gave no `limit` (the handler then pages by `IncidentParameters.maxLimit`).
    package var limit: Int?
    /// The 1-based number of the page.
    package var pageNumber = 1

    /// The cursor layout's version, its first integer.
    package static let version = 1
    /// The cursor's second integer, telling a search cursor from a feed's (0–2).
    private static let kind = 3
    private static let numberCount = 7
    private static let stringCount = 2

    /// Makes the query of a first page with no filters.
    package init() {}

    /// The request's query.
    /// - Throws: `Parameter <name> was invalid.` for an unknown state, a `filter_str` over 1,024 characters, or a
    ///   cursor that is not a search cursor.
    package static func parse(_ parameters: HTTPParameters) throws(APIError) -> IncidentSearchQuery {
        let limit = try IncidentParameters.limit(parameters)
        if let text = IncidentParameters.text(parameters, "cursor") {
            var query = try decode(text)
            if let limit { query.limit = limit }
            return query
        }
        var query = IncidentSearchQuery()
        if let state = IncidentParameters.text(parameters, "filter_incident_state") {
            switch state {
            case "unacknowledged": query.state = .unacknowledged
            case "acknowledged": query.state = .acknowledged
            case "all": query.state = .all
            default: throw .invalidParameter("filter_incident_state")
            }
        }
        query.text = try IncidentParameters.filterText(parameters)
        query.logtypes = IncidentParameters.list(parameters, "filter_logtypes")?.joined(separator: ",")
        // Bounded so that every cursor this query makes fits `IncidentCursor.maxLength` (each byte of a string
        // filter takes about 3.4 cursor characters; filter_str is at most 4 KiB of UTF-8).
        if let logtypes = query.logtypes, logtypes.utf8.count > IncidentParameters.maxIDLength {
            throw .invalidParameter("filter_logtypes")
        }
        query.limit = limit
        return query
    }

    /// The store filter of the whole result set, without a page bound.
    package var resultFilter: IncidentFilter {
        var filter = IncidentFilter()
        filter.acknowledged = state.acknowledged
        filter.text = text
        filter.logtypes = logtypes.map { $0.split(separator: ",").map(String.init) }
        return filter
    }

    /// The store filter of the page running `direction` from `bound`.
    package func filter(_ direction: IncidentPageDirection, from bound: Int?) -> IncidentFilter {
        var filter = resultFilter
        if let bound {
            switch direction {
            case .next: filter.updatedAfter = bound
            case .previous: filter.updatedBefore = bound
            }
        }
        return filter
    }

    /// The cursor of the neighbouring page running `direction` from `bound`.
    package func cursor(_ direction: IncidentPageDirection, from bound: Int) -> String {
        let number = direction == .next ? pageNumber + 1 : max(1, pageNumber - 1)
        return IncidentCursor(
            numbers: [Self.version, Self.kind, direction.rawValue, bound, limit ?? 0, number, state.rawValue],
            strings: [text, logtypes]
        ).encoded
    }

    private static func decode(_ text: String) throws(APIError) -> IncidentSearchQuery {
        guard let cursor = IncidentCursor.decode(text, numberCount: numberCount, stringCount: stringCount)
        else { throw .invalidParameter("cursor") }
        let n = cursor.numbers
        guard n[0] == version, n[1] == kind, let direction = IncidentPageDirection(rawValue: n[2]), n[3] >= 0,
              (1...IncidentParameters.maxLimit).contains(n[4]), n[5] >= 1, let state = IncidentFeed(rawValue: n[6]),
              (cursor.strings[0]?.count ?? 0) <= IncidentParameters.maxFilterLength
        else { throw .invalidParameter("cursor") }
        var query = IncidentSearchQuery()
        query.direction = direction
        query.bound = n[3]
        query.limit = n[4]
        query.pageNumber = n[5]
        query.state = state
        query.text = cursor.strings[0]
        query.logtypes = cursor.strings[1]
        return query
    }
}
