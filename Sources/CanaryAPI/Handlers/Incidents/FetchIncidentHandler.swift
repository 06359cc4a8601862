import CanaryStore
import MiniHTTP

/// `GET /api/v1/incident/fetch` (docs/incident-endpoints.md "Single incidents"): one incident in the flat form.
package enum FetchIncidentHandler {
    /// Auth, `tz`; `incident` (the key) or `hash_id`: neither → `Could not process the parameters`; unknown →
    /// `Incident not found`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let tz = try IncidentTimeZone.parse(parameters)
        let found: IncidentRecord?
        if let key = IncidentParameters.text(parameters, "incident") {
            found = try context.read("incident") { store in try store.incident(key: key) }
        } else if let hashID = IncidentParameters.text(parameters, "hash_id") {
            found = try context.read("incident") { store in try store.incident(hashID: hashID) }
        } else {
            throw .couldNotProcessParameters
        }
        guard let incident = found else { throw .incidentNotFound }
        return .json(["incident": try IncidentJSON.flat(incident, context: context, tz: tz), "result": "success"])
    }
}
