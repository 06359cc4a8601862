import CanaryStore
import MiniHTTP

/// `POST /api/v1/incidents/acknowledge` and `/incidents/unacknowledge` (docs/incident-endpoints.md "Bulk
/// actions"): every incident the selection names changes state; the answer lists the keys that changed.
package enum AcknowledgeIncidentsHandler {
    /// `POST /api/v1/incidents/acknowledge`.
    package static func acknowledge(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, acknowledged: true)
    }

    /// `POST /api/v1/incidents/unacknowledge`.
    package static func unacknowledge(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, acknowledged: false)
    }

    /// Auth, the selection (`IncidentSelection`), then one write.
    private static func handle(
        _ request: HTTPRequest, _ context: ConsoleContext, acknowledged: Bool
    ) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let now = context.now()
        let filter = try IncidentSelection.filter(parameters, nowMicros: now)
        let keys = try context.write("could not change incidents") { store in
            try store.setAcknowledged(matching: filter, acknowledged, atMicros: now)
        }
        return .json([
            "action": .string(acknowledged ? "acknowledged" : "unacknowledged"), "keys": .array(keys.map(JSONValue.string)),
            "result": "success",
        ])
    }
}
