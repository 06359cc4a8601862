import CanaryStore
import MiniHTTP

/// `POST /api/v1/incident/acknowledge` and `/incident/unacknowledge` (docs/incident-endpoints.md "Single
/// incidents"): `{"action": …, "key": <incident>, "result": "success"}`.
package enum AcknowledgeIncidentHandler {
    /// `POST /api/v1/incident/acknowledge`.
    package static func acknowledge(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, acknowledged: true)
    }

    /// `POST /api/v1/incident/unacknowledge`.
    package static func unacknowledge(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        try handle(request, context, acknowledged: false)
    }

    /// Auth; `incident` missing or unknown → `Incident not found`. Asking for the state the incident already has
    /// succeeds and changes nothing.
    private static func handle(
        _ request: HTTPRequest, _ context: ConsoleContext, acknowledged: Bool
    ) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let key = IncidentParameters.text(parameters, "incident") else { throw .incidentNotFound }
        let now = context.now()
        let changed = try context.write("could not change incident \(key)") { store in
            try store.setAcknowledged(key: key, acknowledged, atMicros: now)
        }
        guard changed != nil else { throw .incidentNotFound }
        return .json([
            "action": .string(acknowledged ? "acknowledged" : "unacknowledged"), "key": .string(key),
            "result": "success",
        ])
    }
}
