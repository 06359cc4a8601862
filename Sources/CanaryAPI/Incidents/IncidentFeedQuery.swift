import CanaryStore
import MiniHTTP

/// What a feed request asks for: the filters of docs/incident-endpoints.md "Feeds" and the page, read from the
/// parameters or, when a `cursor` is sent, from the cursor alone (the cursor's query wins over other filters sent
/// with it; `limit` sent beside a cursor sets the page size).
package struct IncidentFeedQuery: IncidentPagedQuery, Sendable, Equatable {
    /// The feed.
    package var feed: IncidentFeed
    /// `incidents_since`: only `updated_id` above this.
    package var incidentsSince = 0
    /// `newer_than`, seconds since the epoch: only incidents created in a later second.
    package var newerThan: Int64?
    /// `older_than`, seconds since the epoch: only incidents created in an earlier second.
    package var olderThan: Int64?
    /// `event_limit`: at most this many events per incident.
    package var eventLimit: Int?
    /// `node_id`.
    package var nodeID: String?
    /// `flock_id`.
    package var flockID: String?
    /// The page's direction.
    package var direction = IncidentPageDirection.next
    /// The page's keyset bound (an `updated_id`), nil on the first page.
    package var bound: Int?
    /// The page size; nil when the request gave no `limit` (the handler then pages by `IncidentParameters.maxLimit`
    /// and shows a `cursor` only past it).
    package var limit: Int?

    /// The cursor layout's version, its first integer.
    package static let version = 1
    private static let numberCount = 9
    /// 9999-12-31 23:59:59, the last second a `yyyy-mm-dd-hh:mm:ss` date names.
    private static let maxDateSeconds = 253_402_300_799
    private static let stringCount = 2

    /// Makes the query of a first page with no filters.
    package init(feed: IncidentFeed) {
        self.feed = feed
    }

    /// The request's query.
    /// - Throws: `Parameter <name> was invalid.` for a malformed filter, or a cursor that is not one of this feed's.
    package static func parse(_ parameters: HTTPParameters, feed: IncidentFeed) throws(APIError) -> IncidentFeedQuery {
        let limit = try IncidentParameters.limit(parameters)
        if let text = IncidentParameters.text(parameters, "cursor") {
            var query = try decode(text, feed: feed)
            if let limit { query.limit = limit }
            return query
        }
        var query = IncidentFeedQuery(feed: feed)
        query.incidentsSince = try IncidentParameters.integer(parameters, "incidents_since", in: 0...Int.max) ?? 0
        query.newerThan = try IncidentParameters.date(parameters, "newer_than")
        query.olderThan = try IncidentParameters.date(parameters, "older_than")
        query.eventLimit = try IncidentParameters.integer(parameters, "event_limit", in: 0...Int(Int32.max))
        query.nodeID = try IncidentParameters.identifier(parameters, "node_id")
        query.flockID = try IncidentParameters.identifier(parameters, "flock_id")
        query.limit = limit
        return query
    }

    /// The store filter of the page running `direction` from `bound`, without the page size.
    package func filter(_ direction: IncidentPageDirection, from bound: Int?) -> IncidentFilter {
        var filter = IncidentFilter()
        filter.acknowledged = feed.acknowledged
        filter.nodeID = nodeID
        filter.flockID = flockID
        // "Strictly after/before" the given second (https://docs.canary.tools/incidents/queries.html).
        filter.createdAfterMicros = newerThan.map { $0 * 1_000_000 + 999_999 }
        filter.createdBeforeMicros = olderThan.map { $0 * 1_000_000 }
        // Only when asked: with no lower bound the planner walks the index from its start.
        filter.updatedAfter = incidentsSince > 0 ? incidentsSince : nil
        if let bound {
            switch direction {
            case .next: filter.updatedAfter = max(incidentsSince, bound)
            case .previous: filter.updatedBefore = bound
            }
        }
        return filter
    }

    /// The cursor of the page running `direction` from `bound`, with this query and page size.
    package func cursor(_ direction: IncidentPageDirection, from bound: Int) -> String {
        IncidentCursor(
            numbers: [
                Self.version, feed.rawValue, direction.rawValue, bound, limit ?? 0, incidentsSince,
                newerThan.map(Int.init) ?? -1, olderThan.map(Int.init) ?? -1, eventLimit ?? -1,
            ],
            strings: [nodeID, flockID]
        ).encoded
    }

    private static func decode(_ text: String, feed: IncidentFeed) throws(APIError) -> IncidentFeedQuery {
        guard let cursor = IncidentCursor.decode(text, numberCount: numberCount, stringCount: stringCount)
        else { throw .invalidParameter("cursor") }
        let n = cursor.numbers
        guard n[0] == version, n[1] == feed.rawValue, let direction = IncidentPageDirection(rawValue: n[2]), n[3] >= 0,
              (1...IncidentParameters.maxLimit).contains(n[4]), n[5] >= 0,
              (-1...maxDateSeconds).contains(n[6]), (-1...maxDateSeconds).contains(n[7]), n[8] >= -1
        else { throw .invalidParameter("cursor") }
        var query = IncidentFeedQuery(feed: feed)
        query.direction = direction
        query.bound = n[3]
        query.limit = n[4]
        query.incidentsSince = n[5]
        query.newerThan = n[6] == -1 ? nil : Int64(n[6])
        query.olderThan = n[7] == -1 ? nil : Int64(n[7])
        query.eventLimit = n[8] == -1 ? nil : n[8]
        query.nodeID = cursor.strings[0]
        query.flockID = cursor.strings[1]
        return query
    }
}
