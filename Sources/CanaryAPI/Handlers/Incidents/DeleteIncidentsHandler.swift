import CanaryStore
import MiniHTTP

/// `POST` and `DELETE /api/v1/incidents/delete` (docs/incident-endpoints.md "Bulk actions"): deletes the
/// acknowledged incidents the selection names, and the unacknowledged ones too with `include_unacknowledged=true`.
package enum DeleteIncidentsHandler {
    /// Auth, the selection (`IncidentSelection`), then one write; the answer lists the deleted keys.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        var filter = try IncidentSelection.filter(parameters, nowMicros: context.now())
        // "Delete multiple acknowledged incidents" (https://docs.canary.tools/incidents/actions.html).
        filter.acknowledged = IncidentParameters.flag(parameters, "include_unacknowledged") ? nil : true
        let keys = try context.write("could not delete incidents") { store in try store.deleteIncidents(matching: filter) }
        return .json(["action": "deleted", "keys": .array(keys.map(JSONValue.string)), "result": "success"])
    }
}
