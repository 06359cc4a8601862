import CanaryStore
import MiniHTTP

/// `GET /api/v1/devices/{all,live,dead}` (docs/birds.md "Console endpoints"): every bird, the connected ones or the
/// disconnected ones, as typed list items in the feed envelope.
package enum ListDevicesHandler {
    /// `GET /api/v1/devices/all`.
    package static func all(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, live: nil, feed: "All Devices")
    }

    /// `GET /api/v1/devices/live`.
    package static func live(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, live: true, feed: "Live Devices")
    }

    /// `GET /api/v1/devices/dead`.
    package static func dead(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, live: false, feed: "Dead Devices")
    }

    /// Auth, `tz` (`Parameter tz was invalid.` as on the incident feeds), an optional `flock_id` filter (a flock
    /// without birds, or no such flock, lists none), then the birds in the order they were added. `updated*` is the
    /// newest `last_seen` listed, or now when none is.
    static func handle(
        _ request: HTTPRequest, _ context: ConsoleContext, live: Bool?, feed: String
    ) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let zone = try IncidentTimeZone.parse(parameters)
        var devices = try context.read("devices") { store in try store.devices(live: live) }
        if let flockID = parameters["flock_id"], !flockID.isEmpty { devices = devices.filter { $0.flockID == flockID } }
        let now = context.now()
        let birds = devices.map { BirdPresenter($0, nowMicros: now, zone: zone) }
        let updated = birds.map(\.lastSeenMicros).max() ?? now
        return .json([
            "devices": .array(birds.map(\.listItem)),
            "feed": .string(feed),
            "result": "success",
            "updated": .string(Timestamps.httpDate(updated)),
            "updated_std": .string(zone.standard(updated)),
            "updated_timestamp": .int(Int(Timestamps.floorSeconds(updated))),
        ])
    }
}
