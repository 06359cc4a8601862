import CanaryStore
import MiniHTTP

/// `DELETE` (and `POST`) `/api/v1/incident/delete` (docs/incident-endpoints.md "Single incidents"): deletes one
/// incident, acknowledged or not.
package enum DeleteIncidentHandler {
    /// Auth; `incident` missing or unknown → `Incident not found`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let key = IncidentParameters.text(parameters, "incident") else { throw .incidentNotFound }
        let deleted = try context.write("could not delete incident \(key)") { store in try store.deleteIncident(key: key) }
        guard deleted else { throw .incidentNotFound }
        return .json(["action": "deleted", "key": .string(key), "result": "success"])
    }
}
