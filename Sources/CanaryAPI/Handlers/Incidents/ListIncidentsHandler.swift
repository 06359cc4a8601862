import CanaryStore
import MiniHTTP

/// `GET /api/v1/incidents/{unacknowledged,acknowledged,all}` (docs/incident-endpoints.md "Feeds"): incidents by
/// `updated_id` ascending, filtered, and with `limit` or `cursor` a keyset page with a `cursor` object.
package enum ListIncidentsHandler {
    /// `GET /api/v1/incidents/unacknowledged`.
    package static func unacknowledged(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, feed: .unacknowledged)
    }

    /// `GET /api/v1/incidents/acknowledged`.
    package static func acknowledged(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, feed: .acknowledged)
    }

    /// `GET /api/v1/incidents/all`.
    package static func all(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, feed: .all)
    }

    /// Auth, `tz`, the query (parameters or cursor), then one page.
    package static func handle(
        _ request: HTTPRequest, _ context: ConsoleContext, feed: IncidentFeed
    ) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let tz = try IncidentTimeZone.parse(parameters)
        var query = try IncidentFeedQuery.parse(parameters, feed: feed)
        // Without limit or cursor every matching incident is listed, up to `maxLimit`, so one answer's memory stays
        // bounded; past it the answer carries a cursor to the rest (docs/incident-endpoints.md "Feeds").
        let unlimited = query.limit == nil
        if unlimited { query.limit = IncidentParameters.maxLimit }
        let page = try IncidentPage.load(query, context)
        let names = try IncidentNames.load(for: page.incidents, context)
        let dstHost = context.configuration.dnsAnswerIP
        let items = page.incidents.map { incident in
            IncidentJSON.item(incident, names: names, dstHost: dstHost, tz: tz, eventLimit: query.eventLimit)
        }
        // The time of the latest change in the answer; now when it has none (docs/incident-endpoints.md "Feeds").
        let updated = page.incidents.map(\.updatedMicros).max() ?? context.now()
        var answer: [String: JSONValue] = [
            "feed": .string(feed.name),
            "incidents": .array(items),
            "result": "success",
            "updated": .string(Timestamps.httpDate(updated)),
            "updated_std": .string(tz.standard(updated)),
            "updated_timestamp": .int(Int(Timestamps.floorSeconds(updated))),
        ]
        if let highest = page.incidents.map(\.updatedID).max() { answer["max_updated_id"] = .int(highest) }
        if !unlimited || page.next != nil {
            answer["cursor"] = IncidentPage.cursorObject(
                request, parameters, context, path: feed.path, next: page.next, previous: page.previous)
        }
        return .json(.object(answer))
    }
}
