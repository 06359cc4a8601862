import CanaryStore
import MiniHTTP

/// `POST /api/v1/audit_trail/purge` (docs/audit-trail.md): deletes the items up to and including `id`.
package enum PurgeAuditTrailHandler {
    /// Auth; `id` missing or not a non-negative integer → `Parameter id was invalid.`. Answers
    /// `{"msg": "<n> logs purged successfully", "result": "success"}` (the Console's `msg`, not `message`).
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let id = try IncidentParameters.integer(parameters, "id", in: 0...Int(Int64.max)) else {
            throw .invalidParameter("id")
        }
        let purged = try context.write("could not purge the audit trail") { store in try store.purgeAudit(upTo: id) }
        return .json(["msg": .string("\(purged) logs purged successfully"), "result": "success"])
    }
}
